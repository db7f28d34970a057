// The open dataset's data dictionary: one line per column (field keys say themselves: their 表/行/列 label, unit
// and which official layouts have them), shared by /open-data and the README inside a dataset archive.
import { fieldDef, LAYOUTS } from '../../domain/report/layout.ts';
import { DATASET_COLUMNS, META_LABELS } from '../../supervision/dataset.ts';

/** What each non-field column of the open dataset holds (the field keys say themselves: their 表/行/列 label). */
export const DATASET_COLUMN_NOTES: Readonly<Record<string, string>> = {
  file: '收集时的文件名（报告原文）',
  agency: '报告中印的机关名称',
  year: '报告年度',
  format: '报告所用官方格式：2019（试行版）或 2021',
  errors: '检查发现的错误数（勾稽关系等，见报告页面“检查结果”）',
  warnings: '检查发现的提示数',
  blank: '原文留空（空白、“—”、“/”、“无”）的单元格的字段键，以空格分隔；这些单元格在数据中按 0 给出',
  uncertain: '读取时没有把握的单元格（如数字连写有多种拆分），以空格分隔；其数值不计入合计，请对照原文',
  unknown: '未能读出的单元格，以空格分隔；数据中该列为空',
  confirmed: '监督人员对照原文人工核对过的单元格，以空格分隔',
  reportId: '报告编号：报告页面为 /reports/编号，完整数据（含每个数字的来源类别）为 /api/v1/reports/编号',
  publishedOn: '报告的发布日期（监督机关登记）',
};

/** Which official layouts have a field: a 2019-only or 2021-only column is empty for reports of the other. */
const FORMATS_OF = new Map(
  [...new Set([...LAYOUTS['2019'].fields, ...LAYOUTS['2021'].fields].map((f) => f.key))].map((key) => {
    const in2019 = LAYOUTS['2019'].fields.some((f) => f.key === key);
    const in2021 = LAYOUTS['2021'].fields.some((f) => f.key === key);
    return [key, in2019 && in2021 ? '两版格式都有。' : in2021 ? '仅 2021 版格式。' : '仅 2019 版格式。'];
  }),
);

export interface DatasetColumn {
  readonly key: string;
  readonly label: string;
  readonly note: string;
}

/** Every column of the dataset in CSV order, with its Chinese name and what it holds. */
export const datasetColumns = (): DatasetColumn[] =>
  DATASET_COLUMNS.map((key) => {
    const def = fieldDef(key);
    return {
      key,
      label: def?.label ?? META_LABELS[key] ?? key,
      note: def
        ? `${def.unit ? `单位：${def.unit}。` : ''}${FORMATS_OF.get(key) ?? ''}`
        : (DATASET_COLUMN_NOTES[key] ?? ''),
    };
  });
