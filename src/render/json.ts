// JSON: the model itself, in the `parse --json` shape (toParsedJson), so that what `render --to json` writes is an
// input of `render`, `check` and `ingest` again.
import { type Report, toParsedJson } from '../domain/report/model.ts';

export function renderJson(report: Report): string {
  return `${JSON.stringify(toParsedJson(report), null, 2)}\n`;
}
