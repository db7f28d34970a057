// The name of an uploaded file, from its part's raw Content-Disposition bytes. Browsers send the name's UTF-8 bytes
// as they are; older clients (IE-mode government browsers, curl on a GBK locale, Windows tools) send raw GBK bytes,
// or the RFC 2231/5987 form `filename*=GBK''%C4%EA…` with its charset named. busboy decodes every name as UTF-8 and
// puts U+FFFD where the bytes are not UTF-8, so a GBK name was stored garbled; here the raw bytes are decoded with
// the charset they name, else as UTF-8 when they are valid UTF-8, else as GB18030 (GBK's superset, what a Chinese
// Windows sends). A name that none of these reads without a replacement character is not guessed at: the caller
// gives the file a fallback name and says so on the batch line.
import iconv from 'iconv-lite';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The name as sent, or `null` when it cannot be read (no decoding of its bytes is free of U+FFFD). */
export type DecodedName = { readonly name: string } | { readonly name: null; readonly extension: string };

/** Parameters of a Content-Disposition value, names lower-cased; a quoted value without its quotes. */
function params(raw: string): Map<string, string> {
  const out = new Map<string, string>();
  let i = raw.indexOf(';');
  while (i !== -1 && i < raw.length) {
    i++;
    while (raw[i] === ' ' || raw[i] === '\t') i++;
    const eq = raw.indexOf('=', i);
    if (eq === -1) break;
    const key = raw.slice(i, eq).trim().toLowerCase();
    let j = eq + 1;
    let value = '';
    if (raw[j] === '"') {
      j++;
      // A quoted string: only `\"` is an escape. A lone backslash is kept (IE sends `C:\Users\…` unescaped, and a
      // GBK character may have 0x5C as its second byte).
      while (j < raw.length && raw[j] !== '"') {
        if (raw[j] === '\\' && raw[j + 1] === '"') j++;
        value += raw[j];
        j++;
      }
      i = raw.indexOf(';', j);
    } else {
      const end = raw.indexOf(';', j);
      value = raw.slice(j, end === -1 ? undefined : end).trim();
      i = end;
    }
    if (!out.has(key)) out.set(key, value);
  }
  return out;
}

const clean = (s: string | null): s is string => s !== null && !s.includes('\uFFFD');

/** `bytes` in `charset`, or null when the charset is unknown or the bytes are not valid in it. */
function decode(bytes: Buffer, charset: string): string | null {
  const cs = charset.trim().toLowerCase();
  if (cs === 'utf-8' || cs === 'utf8') {
    try {
      return utf8.decode(bytes);
    } catch {
      return null;
    }
  }
  if (!iconv.encodingExists(cs)) return null;
  const s = iconv.decode(bytes, cs);
  return clean(s) ? s : null;
}

/** Raw bytes with no charset named: UTF-8 if they are valid UTF-8, else GB18030. */
function guess(bytes: Buffer): string | null {
  return decode(bytes, 'utf-8') ?? decode(bytes, 'gb18030');
}

/** `charset'language'percent-encoded` (RFC 5987 §3.2) decoded, or null. */
function extValue(v: string): string | null {
  const m = /^([^']*)'[^']*'(.*)$/.exec(v);
  if (!m) return null;
  const bytes = Buffer.from(
    m[2]!.replace(/%([0-9a-f]{2})/gi, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16))),
    'latin1',
  );
  return m[1] ? decode(bytes, m[1]) : guess(bytes);
}

/**
 * The file name of a part whose Content-Disposition is `raw` (its bytes as a latin1 string, as the parser holds
 * headers). `filename*` wins when its charset reads it: it says what the bytes are, where a plain `filename` only
 * implies it. Undefined when the part names no file.
 */
export function uploadFileName(raw: string): DecodedName | undefined {
  const p = params(raw);
  const ext = p.get('filename*');
  const plain = p.get('filename');
  if (ext === undefined && plain === undefined) return undefined;
  const fromExt = ext === undefined ? null : extValue(ext);
  if (clean(fromExt)) return { name: fromExt };
  const fromPlain = plain === undefined ? null : guess(Buffer.from(plain, 'latin1'));
  if (clean(fromPlain)) return { name: fromPlain };
  // The extension, when it is plain ASCII, survives: the file keeps its type in lists and downloads.
  const tail = /(\.[A-Za-z0-9]{1,8})$/.exec(plain ?? ext ?? '');
  return { name: null, extension: tail?.[1]?.toLowerCase() ?? '' };
}
