import { describe, expect, it } from 'vitest';
import { nameKeys } from './agency-names.ts';

describe('nameKeys', () => {
  it('drops spaces and a leading city before a district (the same agency printed two ways)', () => {
    expect(nameKeys('淮安市洪泽区人民政府')).toEqual(['淮安市洪泽区人民政府', '洪泽区人民政府']);
    expect(nameKeys('北京市大兴区 庞各庄镇人民政府')).toEqual([
      '北京市大兴区庞各庄镇人民政府',
      '大兴区庞各庄镇人民政府',
    ]);
    expect(nameKeys('江苏省淮安市洪泽区人民政府')).toEqual([
      '江苏省淮安市洪泽区人民政府',
      '淮安市洪泽区人民政府',
      '洪泽区人民政府',
    ]);
  });
  it('keeps a city government whole: no district follows', () => {
    expect(nameKeys('淮安市人民政府')).toEqual(['淮安市人民政府']);
  });
});
