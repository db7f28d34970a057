// Small form and display pieces. Each field has a visible <label>, a hint and an error linked by aria-describedby,
// so the zod messages stand next to the field they are about and a screen reader reads them with it.
import type { Child, FC, PropsWithChildren } from 'hono/jsx';

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

export const TextField: FC<
  FieldBase & {
    value?: string | null;
    type?: 'text' | 'email' | 'tel' | 'date' | 'number' | 'password' | 'search';
    autocomplete?: string;
    inputmode?: 'email' | 'none' | 'search' | 'text' | 'tel' | 'url' | 'numeric' | 'decimal';
    maxlength?: number;
    min?: string;
    step?: string;
  }
> = ({
  name,
  label,
  hint,
  errors,
  required,
  value,
  type = 'text',
  autocomplete,
  inputmode,
  maxlength,
  min,
  step,
}) => {
  const error = errors?.[name];
  return (
    <Field name={name} label={label} hint={hint} error={error} required={required}>
      <input
        id={name}
        name={name}
        type={type}
        value={value ?? ''}
        required={required}
        autocomplete={autocomplete}
        inputmode={inputmode}
        maxlength={maxlength}
        min={min}
        step={step}
        {...aria(name, hint, error)}
      />
    </Field>
  );
};

export const TextArea: FC<FieldBase & { value?: string | null; rows?: number; maxlength?: number }> = ({
  name,
  label,
  hint,
  errors,
  required,
  value,
  rows = 5,
  maxlength,
}) => {
  const error = errors?.[name];
  return (
    <Field name={name} label={label} hint={hint} error={error} required={required}>
      <textarea
        id={name}
        name={name}
        rows={rows}
        required={required}
        maxlength={maxlength}
        {...aria(name, hint, error)}
      >
        {value ?? ''}
      </textarea>
    </Field>
  );
};

export const Select: FC<
  FieldBase & { value?: string | null; options: readonly (readonly [string, string])[]; placeholder?: string }
> = ({ name, label, hint, errors, required, value, options, placeholder }) => {
  const error = errors?.[name];
  return (
    <Field name={name} label={label} hint={hint} error={error} required={required}>
      <select id={name} name={name} required={required} {...aria(name, hint, error)}>
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
