// The OpenAPI 3.1 description of the open-data API (/api/v1): read-only, published annual reports only, keyed by
// the field keys of ../shared/domain/fields.md. Served at /api/v1/openapi.json; test/api-v1.test.ts validates it.
import { META, SOURCE_COLUMNS } from '../../supervision/dataset.ts';
import { DATA_LICENSE } from './licence.ts';
import { PROVENANCE_KINDS } from './report-json.ts';

/** The Link header every answer carries (RFC 8288): the data's licence. */
const licenseHeader = {
  description: `数据的许可：<${DATA_LICENSE.url}>; rel="license"`,
  schema: { type: 'string' },
};

const problem = {
  description: '错误（中文说明）',
  content: {
    'application/json': { schema: { $ref: '#/components/schemas/Error' } },
  },
};

export const OPENAPI = {
  openapi: '3.1.0',
  info: {
    title: 'Gongkai 政府信息公开工作年度报告开放数据接口',
    version: '1.0.0',
    description:
      '已收集并已公开的政府信息公开工作年度报告（与公开的年度报告页面相同：已对应到机关、已登记发布日期）：每个机关每个年度只给出现行有效的一份（监督机关确认的副本），每个数字带有来源类别（读出、留空、推算、不确定、未读出、由案件汇编），以及检查结果。字段键见 fields.md。只读；按网络地址限流（超过限额返回 429 和 Retry-After）；不含个人信息（正文中的手机号、身份证号已遮蔽）。数据以 CC BY 4.0 许可发布（须署名：各发布机关与本平台），每个答复带 Link: <…>; rel="license" 头，JSON 答复另有 license 字段；本平台软件以 MIT 许可发布。',
    // The data's licence (ADR 0011): what the API exposes is the compiled data; the software itself is MIT.
    license: { name: DATA_LICENSE.name, identifier: DATA_LICENSE.id },
  },
  servers: [{ url: '/' }],
  paths: {
    '/api/v1/reports': {
      get: {
        operationId: 'listReports',
        summary: '年度报告列表（分页）',
        parameters: [
          {
            name: 'year',
            in: 'query',
            schema: { type: 'integer', minimum: 2008, maximum: 2199 },
            description: '报告年度',
          },
          {
            name: 'agency',
            in: 'query',
            schema: { type: 'string' },
            description: '机关代码或编号：只列该机关的报告',
          },
          {
            name: 'region',
            in: 'query',
            schema: { type: 'string' },
            description: '机关代码或编号：列该机关及其所属机关的报告',
          },
          { name: 'page', in: 'query', schema: { type: 'integer', minimum: 1, default: 1 } },
          {
            name: 'perPage',
            in: 'query',
            schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
          },
        ],
        responses: {
          '200': {
            description: '一页报告摘要',
            headers: { Link: licenseHeader },
            content: { 'application/json': { schema: { $ref: '#/components/schemas/ReportPage' } } },
          },
          '400': problem,
          '429': problem,
        },
      },
    },
    '/api/v1/reports/{id}': {
      get: {
        operationId: 'getReport',
        summary: '一份报告：全部字段、来源类别、检查结果、各份副本',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } }],
        responses: {
          '200': {
            description: '报告',
            headers: { Link: licenseHeader },
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Report' } } },
          },
          '404': problem,
          '429': problem,
        },
      },
    },
    '/api/v1/datasets/{file}': {
      get: {
        operationId: 'getDataset',
        summary:
          '某年度全部现行有效报告的数据集：每份报告一行、每个字段键一列（CSV）或每行一个 JSON（JSON Lines），或二者加说明文件 README.txt 的 ZIP',
        parameters: [
          {
            name: 'file',
            in: 'path',
            required: true,
            schema: { type: 'string', pattern: '^[0-9]{4}\\.(csv|jsonl|zip)$' },
            example: '2023.csv',
          },
        ],
        responses: {
          '200': {
            description: `数据集。CSV 列：${META.join('、')}，全部字段键，然后 ${SOURCE_COLUMNS.join('、')}（报告编号与发布日期：报告页面为 /reports/{reportId}）。各列含义见 /open-data`,
            headers: { Link: licenseHeader },
            content: {
              'text/csv': { schema: { type: 'string' } },
              'application/x-ndjson': { schema: { type: 'string' } },
              // ZIP: the year's CSV, JSON Lines and README.txt (licence, attribution, each column).
              'application/zip': { schema: { type: 'string', contentMediaType: 'application/zip' } },
            },
          },
          '404': problem,
          '429': problem,
        },
      },
    },
    '/api/v1/openapi.json': {
      get: {
        operationId: 'getOpenApi',
        summary: '本接口说明（OpenAPI 3.1）',
        responses: {
          '200': {
            description: 'OpenAPI 文档',
            content: { 'application/json': { schema: { type: 'object' } } },
          },
        },
      },
    },
  },
  components: {
    schemas: {
      Error: {
        type: 'object',
        required: ['error'],
        description:
          '每个错误答复（400 参数错误、404 接口或报告不存在、405 非 GET 请求、429 超过限额、500 内部错误）都是这个形状',
        properties: {
          error: { type: 'string', description: '中文说明：哪个参数、收到了什么' },
          status: { type: 'integer' },
          path: { type: 'string' },
          retryAfter: { type: 'integer' },
        },
      },
      Agency: {
        type: ['object', 'null'],
        required: ['id', 'code', 'name'],
        properties: { id: { type: 'integer' }, code: { type: 'string' }, name: { type: 'string' } },
      },
      Finding: {
        type: 'object',
        required: ['rule', 'severity', 'cells', 'message'],
        properties: {
          rule: { type: 'string' },
          severity: { enum: ['error', 'warning'] },
          cells: { type: 'array', items: { type: 'string' } },
          message: { type: 'string' },
        },
      },
      ReportSummary: {
        type: 'object',
        required: [
          'id',
          'url',
          'agency',
          'agencyName',
          'year',
          'format',
          'publishedOn',
          'errors',
          'warnings',
        ],
        properties: {
          id: { type: 'integer' },
          url: { type: 'string' },
          agency: { $ref: '#/components/schemas/Agency' },
          agencyName: { type: 'string', description: '报告中印的机关名称' },
          year: { type: 'integer' },
          format: { enum: ['2019', '2021', null] },
          publishedOn: { type: ['string', 'null'], format: 'date' },
          errors: { type: 'integer' },
          warnings: { type: 'integer' },
          received: { type: ['number', 'null'], description: 't3.received.total' },
        },
      },
      License: {
        type: 'object',
        required: ['id', 'url', 'attribution'],
        description: '数据的许可（ADR 0011）：SPDX 标识、许可文本地址和须注明的署名',
        properties: {
          id: { const: DATA_LICENSE.id },
          url: { type: 'string', format: 'uri' },
          attribution: { type: 'string' },
        },
      },
      ReportPage: {
        type: 'object',
        required: ['apiVersion', 'page', 'perPage', 'total', 'items', 'links', 'license'],
        properties: {
          license: { $ref: '#/components/schemas/License' },
          apiVersion: { const: 'v1' },
          page: { type: 'integer' },
          perPage: { type: 'integer' },
          total: { type: 'integer' },
          items: { type: 'array', items: { $ref: '#/components/schemas/ReportSummary' } },
          links: {
            type: 'object',
            properties: {
              self: { type: 'string' },
              next: { type: ['string', 'null'] },
              prev: { type: ['string', 'null'] },
            },
          },
        },
      },
      Report: {
        allOf: [
          { $ref: '#/components/schemas/ReportSummary' },
          {
            type: 'object',
            required: [
              'fields',
              'blank',
              'uncertain',
              'provenanceKind',
              'findings',
              'stands',
              'copies',
              'license',
            ],
            properties: {
              license: { $ref: '#/components/schemas/License' },
              fields: {
                type: 'object',
                additionalProperties: { type: 'number' },
                description: '字段键 → 数值（印出空白的单元格为 0，并列入 blank）',
              },
              blank: { type: 'array', items: { type: 'string' } },
              uncertain: { type: 'array', items: { type: 'string' } },
              unknown: { type: 'array', items: { type: 'string' } },
              uncertainReasons: { type: 'object', additionalProperties: { type: 'string' } },
              provenanceKind: {
                type: 'object',
                additionalProperties: { enum: [...PROVENANCE_KINDS] },
                description:
                  'read 读出；ocr 从扫描件识别（见 ocr）；blank 印出空白；inferred 由勾稽关系推算；uncertain 读出但不确定；unknown 未读出；compiled 由案件记录汇编；confirmed 解析器不确定或未读出、经监督机关对照原文人工核对（见 confirmed）',
              },
              confirmed: {
                type: 'object',
                description:
                  '经人工核对的单元格：核对时间、核对说明，以及解析器当时的说明（reason）和候选值（candidates）；不含核对人姓名',
                additionalProperties: {
                  type: 'object',
                  required: ['at', 'note'],
                  properties: {
                    at: { type: 'string', format: 'date-time' },
                    note: { type: 'string' },
                    reason: { type: 'string' },
                    candidates: { type: 'array', items: { type: 'number' } },
                  },
                },
              },
              ocr: {
                type: 'object',
                description:
                  '从扫描件识别的数字在原件上的位置：页码（从 1 起）、方框（点，自页面左上角 [x, y, 宽, 高]）和原件截图地址',
                additionalProperties: {
                  type: 'object',
                  required: ['page', 'box', 'crop'],
                  properties: {
                    page: { type: 'integer', minimum: 1 },
                    box: { type: 'array', items: { type: 'number' }, minItems: 4, maxItems: 4 },
                    crop: { type: 'string' },
                  },
                },
              },
              sections: { type: 'object', additionalProperties: { type: 'string' } },
              findings: { type: 'array', items: { $ref: '#/components/schemas/Finding' } },
              source: {
                type: 'object',
                properties: {
                  name: { type: 'string' },
                  form: { type: 'string' },
                  origin: { type: 'string' },
                },
              },
              stands: { type: 'boolean', description: '是否为该机关该年度现行有效的一份' },
              supersededBy: { type: ['integer', 'null'] },
              copies: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['id', 'stands'],
                  properties: {
                    id: { type: 'integer' },
                    stands: { type: 'boolean' },
                    supersededBy: { type: ['integer', 'null'] },
                    supersededAt: { type: ['string', 'null'], format: 'date-time' },
                    collectedAt: { type: 'string', format: 'date-time' },
                    publishedOn: { type: ['string', 'null'], format: 'date' },
                  },
                },
              },
            },
          },
        ],
      },
    },
  },
} as const;
