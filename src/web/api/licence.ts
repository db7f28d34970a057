// The licence of the open data (ADR 0011): CC BY 4.0. The software is MIT (LICENSE); the datasets and the API's
// answers are a compilation — our reading of the agencies' reports, each number's provenance, the checks — of
// government information the agencies must publish themselves (《条例》第五十条: the annual report is 主动公开).
// Said in one place so the open-data page, the API's answers and headers, the dataset archive and the OpenAPI
// document cannot disagree.

export const DATA_LICENSE = {
  /** SPDX identifier. */
  id: 'CC-BY-4.0',
  name: '知识共享署名 4.0 国际许可协议（CC BY 4.0）',
  url: 'https://creativecommons.org/licenses/by/4.0/deed.zh-hans',
  /** What a reuser must say: the agencies whose reports these are, and that the reading is this platform's. */
  attribution:
    '数据来源：各机关发布的政府信息公开工作年度报告（以报告原文为准）；由 Gongkai 平台读取、标注每个数字的来源类别并检查，引用时请注明机关、报告编号（reportId）和本平台。',
} as const;

/** The `license` member added to the API's JSON answers (additive: no field renamed). */
export const licenseJson = {
  id: DATA_LICENSE.id,
  url: DATA_LICENSE.url,
  attribution: DATA_LICENSE.attribution,
};

/** RFC 8288 link to the licence, on every answer of the API (CSV and JSON Lines have no room for a field). */
export const LICENSE_LINK = `<${DATA_LICENSE.url}>; rel="license"`;

/** The README.txt of a dataset archive: licence, attribution, what the files are. */
export function datasetReadme(
  year: number,
  columns: readonly { key: string; label: string; note: string }[],
) {
  return [
    `政府信息公开工作年度报告开放数据：${year}年度`,
    '',
    `许可：${DATA_LICENSE.name}`,
    `      ${DATA_LICENSE.url}`,
    `署名：${DATA_LICENSE.attribution}`,
    '',
    '年度报告是各机关依照《中华人民共和国政府信息公开条例》第五十条主动公开的政府信息，其原文的权利归发布机关；',
    '本数据集是本平台对这些报告的读取与汇编（每个数字的来源类别、检查结果），按上述许可发布。本平台软件以 MIT 许可发布，',
    '与数据的许可无关。数字以报告原文为准：读取没有把握或未能读出的单元格列在 uncertain、unknown 列中，不作为事实给出。',
    '',
    '文件：',
    `  gongkai-${year}.csv    每份报告一行、每个字段一列（UTF-8 带 BOM）`,
    `  gongkai-${year}.jsonl  每行一份报告（JSON），含检查结果`,
    '  README.txt          本说明',
    '',
    '各列：',
    ...columns.map((c) => `  ${c.key}\t${c.label}${c.note ? `\t${c.note}` : ''}`),
    '',
  ].join('\r\n');
}
