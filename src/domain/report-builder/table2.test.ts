import { describe, expect, it } from 'vitest';
import { type NormDocument, registerKeys, statisticKeys, table2FromRegister } from './table2.ts';

const doc = (
  kind: NormDocument['kind'],
  issuedOn: string,
  repealedOn: string | null = null,
  publishedOn: string | null = issuedOn,
): NormDocument => ({ kind, issuedOn, publishedOn, repealedOn });

const register: NormDocument[] = [
  doc('normativeDocument', '2019-05-01'), // old, still in force
  doc('normativeDocument', '2021-03-01', '2023-06-30'), // repealed in 2023
  doc('normativeDocument', '2023-02-10'), // issued in 2023
  doc('normativeDocument', '2023-11-20', null, '2024-01-05'), // issued 2023, published 2024
  doc('normativeDocument', '2022-08-01', '2023-12-31'), // repealed with effect from 31 Dec: not in force that day
  doc('normativeDocument', '2022-09-01', '2024-01-01'), // repealed from 1 Jan next year: in force on 31 Dec
  doc('regulation', '2023-04-01'),
  doc('normativeDocument', '2024-02-01'), // next year: counts nowhere in 2023
];

describe('表二 第（一）项 from the normative-documents register', () => {
  it('2021 layout: 制发 in the year, 废止 in the year, 现行有效 on 31 December', () => {
    const { fields } = table2FromRegister(register, 2023, '2021');
    expect(fields).toEqual({
      't2.regulations.issued': 1,
      't2.regulations.repealed': 0,
      't2.regulations.inForce': 1,
      't2.normativeDocuments.issued': 2,
      't2.normativeDocuments.repealed': 2,
      't2.normativeDocuments.inForce': 4,
    });
  });

  it('repealed on 12-31 is out of force that day; repealed on 01-01 next year is still in force', () => {
    const only = (r: string | null) =>
      table2FromRegister([doc('normativeDocument', '2020-01-01', r)], 2023, '2021');
    expect(only('2023-12-31').fields['t2.normativeDocuments.inForce']).toBe(0);
    expect(only('2024-01-01').fields['t2.normativeDocuments.inForce']).toBe(1);
  });

  it('2019 layout: 新制作 by issue date, 新公开 by publication date, 对外公开总数量 published by 31 December', () => {
    const { fields } = table2FromRegister(register, 2020, '2019');
    expect(fields['t2.normativeDocuments.made']).toBe(0);
    expect(fields['t2.normativeDocuments.total']).toBe(1);
    const y2023 = table2FromRegister(register, 2023, '2019').fields;
    // Made in 2023: 02-10 and 11-20; published in 2023: only 02-10 (the November one was published in 2024).
    expect(y2023['t2.normativeDocuments.made']).toBe(2);
    expect(y2023['t2.normativeDocuments.published']).toBe(1);
    // Published by 2023-12-31: every document but the one published in 2024 and the 2024 one; repealed ones stay.
    expect(y2023['t2.normativeDocuments.total']).toBe(5);
    const excl = table2FromRegister(register, 2023, '2019', { totalExcludesRepealed: true }).fields;
    expect(excl['t2.normativeDocuments.total']).toBe(3);
  });

  it('every cell says it came from the register', () => {
    const { provenance } = table2FromRegister(register, 2023, '2021');
    expect(provenance['t2.normativeDocuments.inForce']?.inferred).toMatch(/登记簿/);
  });

  it('register and statistics keys partition 表二 of each layout', () => {
    expect(registerKeys('2021')).toHaveLength(6);
    expect(statisticKeys('2021')).toEqual([
      't2.licensing.decisions',
      't2.penalty.decisions',
      't2.coercion.decisions',
      't2.fees.amount',
    ]);
    expect(statisticKeys('2019')).toContain('t2.procurement.amount');
    expect(statisticKeys('2019')).toContain('t2.otherServices.change');
  });
});
