// Chinese validation messages for every zod schema of the process: the schemas give their own message where a
// field needs one ("发布日期格式应为 年-月-日"); anything they leave to zod is said in Chinese here, and zod's own
// Simplified Chinese locale (z.locales.zhCN) covers the rest. Imported for its effect by the CLI's and the web's
// entry points and by the use-case modules that validate input, so no English "Too big: expected string to have
// <=50 characters" reaches a user.
import { z } from 'zod';

const unit = (origin: string | undefined) =>
  origin === 'string' ? '个字符' : origin === 'array' || origin === 'set' ? '项' : '';

z.config(z.locales.zhCN());
z.config({
  customError: (iss) => {
    switch (iss.code) {
      case 'too_big': {
        const u = unit(iss.origin);
        if (u) return `不能超过 ${iss.maximum} ${u}`;
        return `不能大于 ${iss.maximum}`;
      }
      case 'too_small': {
        const u = unit(iss.origin);
        if (iss.origin === 'string' && Number(iss.minimum) === 1) return '不能为空';
        if (u) return `至少 ${iss.minimum} ${u}`;
        return `不能小于 ${iss.minimum}`;
      }
      case 'invalid_type':
        return iss.input === undefined ? '缺少此项' : '格式不正确';
      default:
        return undefined; // zod's Chinese locale
    }
  },
});
