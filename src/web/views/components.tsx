// Small form and display pieces. Each field has a visible <label>, a hint and an error linked by aria-describedby,
// so the zod messages stand next to the field they are about and a screen reader reads them with it.
import type { Child, FC, PropsWithChildren } from 'hono/jsx';
import type { CurrentUser } from '../env.ts';

/** What every page is given: who is signed in (null: nobody), and the page's CSRF token. */
export interface Frame {
  readonly user: CurrentUser | null;
  readonly csrf: string;
}

export type FieldErrors = Readonly<Record<string, string | undefined>>;

export const Csrf: FC<{ token: string }> = ({ token }) => <input type="hidden" name="_csrf" value={token} />;

interface FieldBase {
  readonly name: string;
  readonly label: string;
  readonly hint?: string;
  readonly errors?: FieldErrors;
  readonly required?: boolean;
}

const describedBy = (name: string, hint?: string, error?: string) =>
  [hint ? `${name}-hint` : '', error ? `${name}-error` : ''].filter(Boolean).join(' ') || undefined;

const Help: FC<{ name: string; hint?: string; error?: string }> = ({ name, hint, error }) => (
  <>
    {hint ? (
      <span class="hint" id={`${name}-hint`}>
        {hint}
      </span>
    ) : null}
    {error ? (
      <span class="error" id={`${name}-error`}>
        {error}
      </span>
    ) : null}
  </>
);

const Req: FC<{ on?: boolean }> = ({ on }) => (on ? <span class="req">（必填）</span> : null);

/** What every single-control field has around its control: the label (with 必填), then the hint and the error. */
const Field: FC<
  PropsWithChildren<{ name: string; label: string; hint?: string; error?: string; required?: boolean }>
> = ({ name, label, hint, error, required, children }) => (
  <div class={`field${error ? ' invalid' : ''}`}>
    <label for={name}>
      {label}
      <Req on={required} />
    </label>
    {children}
    <Help name={name} hint={hint} error={error} />
  </div>
);

/** The control's attributes that tie it to its label, hint and error (aria). */
const aria = (name: string, hint?: string, error?: string) => ({
  'aria-invalid': error ? 'true' : undefined,
  'aria-describedby': describedBy(name, hint, error),
});

/** What a single-control field's props give its frame (label, hint, error) and its control (aria). */
const parts = ({ name, label, hint, errors, required }: FieldBase) => {
  const error = errors?.[name];
  return { frame: { name, label, hint, error, required }, aria: aria(name, hint, error) };
};

export const TextField: FC<
  FieldBase & {
    value?: string | null;
    type?: 'text' | 'email' | 'tel' | 'date' | 'number' | 'password' | 'search';
    autocomplete?: string;
    inputmode?: 'email' | 'none' | 'search' | 'text' | 'tel' | 'url' | 'numeric' | 'decimal';
    /** A phone keyboard's capitals: 'characters' for codes typed in capitals (an ID number's X). */
    autocapitalize?: 'off' | 'characters';
    /** false: a code, not words, so no spelling marks or corrections. */
    spellcheck?: boolean;
    maxlength?: number;
    min?: string;
    step?: string;
  }
> = ({
  value,
  type = 'text',
  autocomplete,
  inputmode,
  autocapitalize,
  spellcheck,
  maxlength,
  min,
  step,
  ...base
}) => {
  const { frame, aria } = parts(base);
  return (
    <Field {...frame}>
      <input
        id={base.name}
        name={base.name}
        type={type}
        value={value ?? ''}
        required={base.required}
        autocomplete={autocomplete}
        inputmode={inputmode}
        autocapitalize={autocapitalize}
        spellcheck={spellcheck}
        maxlength={maxlength}
        min={min}
        step={step}
        {...aria}
      />
    </Field>
  );
};

export const TextArea: FC<FieldBase & { value?: string | null; rows?: number; maxlength?: number }> = ({
  value,
  rows = 5,
  maxlength,
  ...base
}) => {
  const { frame, aria } = parts(base);
  return (
    <Field {...frame}>
      <textarea
        id={base.name}
        name={base.name}
        rows={rows}
        required={base.required}
        maxlength={maxlength}
        {...aria}
      >
        {value ?? ''}
      </textarea>
    </Field>
  );
};

export const Select: FC<
  FieldBase & { value?: string | null; options: readonly (readonly [string, string])[]; placeholder?: string }
> = ({ value, options, placeholder, ...base }) => {
  const { frame, aria } = parts(base);
  return (
    <Field {...frame}>
      <select id={base.name} name={base.name} required={base.required} {...aria}>
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map(([v, l]) => (
          <option value={v} selected={v === value}>
            {l}
          </option>
        ))}
      </select>
    </Field>
  );
};

/** A choice of agency by its id (a filter's "全部机关", a report's "未匹配" as the placeholder). */
export const AgencySelect: FC<
  Omit<FieldBase, 'required'> & {
    agencies: readonly { id: number; name: string }[];
    value: number | null;
    placeholder?: string;
  }
> = ({ agencies, value, ...rest }) => (
  <Select
    {...rest}
    value={value === null ? null : String(value)}
    options={agencies.map((a) => [String(a.id), a.name] as const)}
  />
);

/** A choice of year, shown as "2024年". */
export const YearSelect: FC<
  Omit<FieldBase, 'required'> & { years: readonly number[]; value: number | null; placeholder?: string }
> = ({ years, value, ...rest }) => (
  <Select
    {...rest}
    value={value === null ? null : String(value)}
    options={years.map((y) => [String(y), `${y}年`] as const)}
  />
);

export const Radios: FC<
  FieldBase & { value?: string | null; options: readonly (readonly [string, string, string?])[] }
> = ({ name, label, hint, errors, required, value, options }) => {
  const error = errors?.[name];
  return (
    <fieldset
      class={`field radios${error ? ' invalid' : ''}`}
      aria-describedby={describedBy(name, hint, error)}
      aria-invalid={error ? 'true' : undefined}
    >
      <legend>
        {label}
        <Req on={required} />
      </legend>
      {options.map(([v, l, note], i) => (
        <div class="radio">
          <input
            type="radio"
            id={`${name}-${i}`}
            name={name}
            value={v}
            checked={v === value}
            required={required && i === 0}
          />
          <label for={`${name}-${i}`}>
            {l}
            {note ? <span class="hint"> {note}</span> : null}
          </label>
        </div>
      ))}
      <Help name={name} hint={hint} error={error} />
    </fieldset>
  );
};

export const ErrorSummary: FC<{ errors?: FieldErrors; labels: Readonly<Record<string, string>> }> = ({
  errors,
  labels,
}) => {
  const list = Object.entries(errors ?? {}).filter(([, m]) => m);
  if (!list.length) return null;
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">提交的内容有 {list.length} 处需要修改</h2>
      <ul>
        {list.map(([k, m]) => (
          <li>
            <a href={`#${k}`}>
              {labels[k] ?? k}：{m}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
};

export const Pill: FC<PropsWithChildren<{ tone: 'ok' | 'warn' | 'bad' | 'info' | 'muted' }>> = ({
  tone,
  children,
}) => <span class={`pill ${tone}`}>{children}</span>;

/** A definition list of label → value pairs. */
export const Facts: FC<{ items: readonly (readonly [string, Child])[] }> = ({ items }) => (
  <dl class="facts">
    {items.map(([k, v]) => (
      <>
        <dt>{k}</dt>
        <dd>{v}</dd>
      </>
    ))}
  </dl>
);

export const Empty: FC<PropsWithChildren> = ({ children }) => <p class="empty">{children}</p>;

/** A problem with the whole form or page (not one field's), read out when the page opens. */
export const Problem: FC<{ problem?: string | undefined }> = ({ problem }) =>
  problem ? (
    <p class="error-box" role="alert">
      {problem}
    </p>
  ) : null;

/** A column heading of a data table: its text, or [text, 'n'] for a column of figures (right-aligned). */
export type Column = string | readonly [string, 'n'];

/**
 * A list shown as a data table that scrolls sideways on a narrow screen, one `<tr>` a row from `row`; with `empty`,
 * a list with no rows is that line instead of an empty table.
 */
export function DataTable<T>({
  rows,
  columns,
  row,
  caption,
  empty,
  id,
}: {
  rows: readonly T[];
  columns: readonly Column[];
  row: (r: T) => Child;
  caption?: Child;
  empty?: Child;
  id?: string;
}) {
  if (!rows.length && empty !== undefined) return <Empty>{empty}</Empty>;
  return (
    <div class="table-scroll">
      <table class="data" id={id}>
        {caption !== undefined ? <caption>{caption}</caption> : null}
        <thead>
          <tr>
            {columns.map((c) =>
              typeof c === 'string' ? (
                <th scope="col">{c}</th>
              ) : (
                <th scope="col" class="n">
                  {c[0]}
                </th>
              ),
            )}
          </tr>
        </thead>
        <tbody>{rows.map(row)}</tbody>
      </table>
    </div>
  );
}
