// Masks for personal information shown on screens, lists and exports (《个人信息保护法》第五十一条: 去标识化等
// 安全技术措施). Letters to the applicant and the case file keep the full values; everything else shows these.

const STAR = '*';

function keepEnds(s: string, head: number, tail: number): string {
  const chars = [...s];
  if (chars.length <= head + tail) return chars.map((c, i) => (i === 0 ? c : STAR)).join('');
  return chars.map((c, i) => (i < head || i >= chars.length - tail ? c : STAR)).join('');
}

/**
 * 居民身份证号码 and other identity numbers: the first 3 and last 4 characters stay, so staff can match a number
 * read out on the phone, but the birth date (characters 7–14 of an ID card number) never shows.
 * "110101199003071234" → "110***********1234". Short numbers keep only their first character.
 */
export function maskIdNumber(id: string | null | undefined): string {
  if (!id) return '';
  const s = id.trim();
  return s.length >= 10 ? keepEnds(s, 3, 4) : keepEnds(s, 1, 0);
}

/**
 * Phone numbers: a mainland mobile keeps its first 3 and last 4 digits ("138****5678", "+86 138****5678");
 * other numbers keep the area code (up to the first dash or space) and their last 2 digits.
 */
export function maskPhone(phone: string | null | undefined): string {
  if (!phone) return '';
  const s = phone.trim();
  const mobile = /^(\+?86)?(1\d{10})$/.exec(s.replace(/[\s-]/g, ''));
  if (mobile) return `${mobile[1] ? `${mobile[1]} ` : ''}${keepEnds(mobile[2]!, 3, 4)}`;
  const sep = s.search(/[-\s]/);
  const head = sep > 0 ? s.slice(0, sep + 1) : '';
  const rest = s.slice(head.length);
  let digitsLeft = [...rest].filter((c) => /\d/.test(c)).length;
  return (
    head +
    [...rest]
      .map((c) => {
        if (!/\d/.test(c)) return c;
        digitsLeft--;
        return digitsLeft < 2 ? c : STAR;
      })
      .join('')
  );
}

/** Names: the first character stays ("张三" → "张*", "欧阳娜娜" → "欧***"); organisations are not masked. */
export function maskName(name: string | null | undefined): string {
  if (!name) return '';
  return keepEnds(name.trim(), 1, 0);
}
