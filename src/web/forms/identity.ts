// Checks of the identity and contact numbers an applicant gives (《条例》第二十九条: 姓名或者名称、身份证明、联系方式).
// The check digits catch typing errors before an application is registered under a wrong number.

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** 公民身份号码 (GB 11643-1999): 17 digits and a check character (0–9 or X), with a real birth date. */
export function isResidentId(s: string): boolean {
  const v = s.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(v)) return false;
  const birth = `${v.slice(6, 10)}-${v.slice(10, 12)}-${v.slice(12, 14)}`;
  const d = new Date(`${birth}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== birth || Number(v.slice(6, 10)) < 1900)
    return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(v[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11] === v[17];
}

// 统一社会信用代码 (GB 32100-2015): 18 characters from 0-9 and A-Z without I, O, S, V, Z; the last is a check character.
const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function isCreditCode(s: string): boolean {
  const v = s.trim().toUpperCase();
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(v)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_CHARS.indexOf(v[i]!) * USCC_WEIGHTS[i]!;
  const check = (31 - (sum % 31)) % 31;
  return USCC_CHARS[check] === v[17];
}

/** A mainland mobile number (11 digits from 1[3-9]) or a landline with its area code (e.g. 010-12345678). */
export function isPhone(s: string): boolean {
  const v = s.trim().replace(/[\s-]/g, '');
  return /^1[3-9]\d{9}$/.test(v) || /^0\d{2,3}\d{7,8}$/.test(v) || /^\+?86(1[3-9]\d{9})$/.test(v);
}
