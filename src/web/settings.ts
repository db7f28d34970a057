// The server's settings from the environment (a systemd unit's Environment= lines, docs/deploy.md) and the serve
// command's flags. Read in one place so `gongkai serve` and `gongkai config check` agree on what they mean.
import { DEFAULT_WEB_OPTIONS, type WebOptions } from './deps.ts';
import { LOOPBACK_PROXIES, ProxySettingError, parseTrustedProxies } from './proxy.ts';

export type Env = Readonly<Record<string, string | undefined>>;

export class SettingError extends Error {}

const MB = 1024 * 1024;

/** What nginx must let through beyond the upload total: the multipart framing and the form's other fields. */
export const UPLOAD_OVERHEAD_BYTES = MB;

function flag(v: string | undefined): boolean {
  return v !== undefined && /^(1|true|yes|on)$/i.test(v.trim());
}

function megabytes(env: Env, name: string, def: number): number {
  const v = env[name];
  if (v === undefined || v === '') return def * MB;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 10_240)
    throw new SettingError(`环境变量 ${name} 应为 1–10240 之间的整数（单位 MB），收到 “${v}”`);
  return n * MB;
}

export interface ServeFlags {
  readonly secureCookies?: boolean;
  readonly trustProxy?: boolean;
}

/**
 * The web options for this environment:
 *   GONGKAI_SECURE_COOKIES=1         served over HTTPS: Secure cookies and HSTS (or --secure-cookies)
 *   GONGKAI_TRUSTED_PROXIES=a,b/24   the reverse proxies to believe (or --trust-proxy: 127.0.0.1 and ::1)
 *   GONGKAI_UPLOAD_MAX_MB=200        total of one bulk upload; nginx's client_max_body_size must be 1 MB more
 *   GONGKAI_UPLOAD_FILE_MAX_MB=20    one report file
 *   GONGKAI_METRICS_TOKEN=…          bearer token for a Prometheus scraper of /metrics
 */
export function webOptionsFromEnv(env: Env, flags: ServeFlags = {}): WebOptions {
  let trustedProxies: ReturnType<typeof parseTrustedProxies>;
  try {
    trustedProxies = parseTrustedProxies(
      env.GONGKAI_TRUSTED_PROXIES?.trim()
        ? env.GONGKAI_TRUSTED_PROXIES
        : flags.trustProxy
          ? LOOPBACK_PROXIES
          : [],
    );
  } catch (e) {
    if (e instanceof ProxySettingError) throw new SettingError(`GONGKAI_TRUSTED_PROXIES：${e.message}`);
    throw e;
  }
  const maxTotalBytes = megabytes(
    env,
    'GONGKAI_UPLOAD_MAX_MB',
    DEFAULT_WEB_OPTIONS.upload.maxTotalBytes / MB,
  );
  const maxFileBytes = megabytes(
    env,
    'GONGKAI_UPLOAD_FILE_MAX_MB',
    DEFAULT_WEB_OPTIONS.upload.maxFileBytes / MB,
  );
  if (maxFileBytes > maxTotalBytes)
    throw new SettingError(
      'GONGKAI_UPLOAD_FILE_MAX_MB 不能大于 GONGKAI_UPLOAD_MAX_MB（单个文件不能超过一次上传的总量）',
    );
  const token = env.GONGKAI_METRICS_TOKEN?.trim();
  if (token !== undefined && token !== '' && token.length < 24)
    throw new SettingError(
      'GONGKAI_METRICS_TOKEN 太短：请用至少 24 个字符的随机字符串（如 openssl rand -hex 24）',
    );
  return {
    ...DEFAULT_WEB_OPTIONS,
    secureCookies: Boolean(flags.secureCookies) || flag(env.GONGKAI_SECURE_COOKIES),
    trustProxy: trustedProxies.list.length > 0,
    trustedProxies,
    upload: { ...DEFAULT_WEB_OPTIONS.upload, maxTotalBytes, maxFileBytes },
    ...(token ? { metricsToken: token } : {}),
  };
}

/** The smallest nginx client_max_body_size (in whole MB) that lets a full bulk upload through. */
export function nginxBodySizeMb(o: WebOptions): number {
  return Math.ceil((o.upload.maxTotalBytes + UPLOAD_OVERHEAD_BYTES) / MB);
}
