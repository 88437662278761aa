import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseConfig } from './config.ts';

describe('parseConfig', () => {
  it('gives the embedded defaults for an empty environment', () => {
    const result = parseConfig({}, '/srv/annex');
    expect(result).toEqual({
      ok: true,
      config: expect.objectContaining({
        databaseUrl: undefined,
        meiliUrl: undefined,
        dataDir: '/srv/annex/.data',
        apiPort: 3001,
        webPort: 3000,
        host: '127.0.0.1',
        publicOrigin: 'http://localhost:3000',
        apiOrigin: 'http://127.0.0.1:3001',
        secureCookies: false,
        sessionIdleDays: 7,
        sessionAbsoluteDays: 30,
        secretariatAbsoluteHours: 12,
        minBidWindowSeconds: 86400,
        searchSync: true,
        searchIndexPrefix: '',
        ocidPrefix: 'ocds-annex',
        logLevel: 'info',
        nodeEnv: 'development',
      }),
    });
  });

  it('reads a production environment', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://annex:secret@db:5432/annex',
      MEILI_URL: 'http://meili:7700/',
      MEILI_MASTER_KEY: 'k'.repeat(32),
      PUBLIC_ORIGIN: 'https://annex.example.cn/',
      HOST: '0.0.0.0',
      API_PORT: '8080',
      WEB_PORT: '8081',
      SESSION_IDLE_DAYS: '3',
      NODE_ENV: 'production',
    });
    expect(config.secureCookies).toBe(true);
    expect(config.publicOrigin).toBe('https://annex.example.cn');
    expect(config.meiliUrl).toBe('http://meili:7700');
    expect(config.apiPort).toBe(8080);
    expect(config.apiOrigin).toBe('http://127.0.0.1:8080');
    expect(config.sessionIdleDays).toBe(3);
  });

  it('reads the search settings and refuses an index prefix that is not a plain name', () => {
    expect(loadConfig({ SEARCH_SYNC: 'false', SEARCH_INDEX_PREFIX: 'staging_' })).toMatchObject({ searchSync: false, searchIndexPrefix: 'staging_' });
    const bad = parseConfig({ SEARCH_INDEX_PREFIX: 'a b', SEARCH_SYNC: 'yes' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors.map((e) => e.split(' ')[0]).sort()).toEqual(['SEARCH_INDEX_PREFIX', 'SEARCH_SYNC']);
  });

  it('reads the open-data ocid prefix and refuses one that would not make a plain identifier', () => {
    expect(loadConfig({ OCDS_OCID_PREFIX: 'ocds-a1b2c3' }).ocidPrefix).toBe('ocds-a1b2c3');
    for (const bad of ['ocds a1b2c3', 'ocds/x', 'oc', '-ocds']) {
      const r = parseConfig({ OCDS_OCID_PREFIX: bad });
      expect(r.ok ? [] : r.errors.map((e) => e.split(' ')[0]), bad).toEqual(['OCDS_OCID_PREFIX']);
    }
  });

  it('derives the public origin from WEB_PORT', () => {
    expect(loadConfig({ WEB_PORT: '4000' }).publicOrigin).toBe('http://localhost:4000');
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', MEILI_URL: '  ', API_PORT: '' }).apiPort).toBe(3001);
  });

  it('lists every problem at once, one readable line each', () => {
    const result = parseConfig({
      DATABASE_URL: 'mysql://localhost/annex',
      MEILI_URL: 'http://localhost:7700',
      API_PORT: 'eighty',
      WEB_PORT: '70000',
      PUBLIC_ORIGIN: 'https://annex.example.cn/app',
      SESSION_IDLE_DAYS: '0',
      LOG_LEVEL: 'loud',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const names = result.errors.map((line) => line.split(' ')[0]);
    expect(names.sort()).toEqual(
      ['API_PORT', 'DATABASE_URL', 'LOG_LEVEL', 'MEILI_MASTER_KEY', 'PUBLIC_ORIGIN', 'SESSION_IDLE_DAYS', 'WEB_PORT'].sort(),
    );
    expect(result.errors).toContain('MEILI_MASTER_KEY is required when MEILI_URL is set');
    expect(result.errors.find((l) => l.startsWith('DATABASE_URL'))).toMatch(/postgres:\/\//);
    expect(result.errors.find((l) => l.startsWith('PUBLIC_ORIGIN'))).toMatch(/origin only/);
    expect(result.errors.find((l) => l.startsWith('API_PORT'))).toContain('(got "eighty")');
  });

  it('never echoes secrets or URLs in messages', () => {
    const result = parseConfig({ DATABASE_URL: 'mysql://user:hunter2@db/annex' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.join('\n')).not.toContain('hunter2');
  });

  it('asks production for its public origin and a real master key', () => {
    const result = parseConfig({ NODE_ENV: 'production', MEILI_URL: 'http://meili:7700', MEILI_MASTER_KEY: 'short' });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors).toEqual([
        'PUBLIC_ORIGIN is required when NODE_ENV=production (the address users open)',
        'MEILI_MASTER_KEY must be at least 16 bytes long when NODE_ENV=production',
      ]);
    }
  });

  it('refuses an idle timeout longer than the absolute lifetime and equal ports', () => {
    const result = parseConfig({ SESSION_IDLE_DAYS: '40', API_PORT: '3000' });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors).toEqual(
        expect.arrayContaining([
          'SESSION_IDLE_DAYS (40) must not exceed SESSION_ABSOLUTE_DAYS (30)',
          'API_PORT must differ from WEB_PORT (both are 3000)',
        ]),
      );
    }
  });

  it('loadConfig throws a ConfigError whose message lists the problems', () => {
    expect(() => loadConfig({ API_PORT: '-1', NODE_ENV: 'staging' })).toThrow(ConfigError);
    try {
      loadConfig({ API_PORT: '-1', NODE_ENV: 'staging' });
    } catch (error) {
      expect((error as Error).message).toMatch(/Invalid configuration:\n {2}- API_PORT .*\n {2}- NODE_ENV /);
    }
  });

  it('reads the SMTP server and the sender, and wants a sender for SMTP in production', () => {
    expect(loadConfig({})).toMatchObject({ smtpUrl: undefined, mailFrom: '数据标注订单对接服务平台 <noreply@localhost>' });
    expect(loadConfig({ SMTP_URL: 'smtp://u:p@mail.example.cn:587', MAIL_FROM: '平台 <noreply@example.cn>' }))
      .toMatchObject({ smtpUrl: 'smtp://u:p@mail.example.cn:587', mailFrom: '平台 <noreply@example.cn>' });
    const bad = parseConfig({ SMTP_URL: 'http://user:hunter2@relay.internal', MAIL_FROM: 'nobody' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.errors.map((e) => e.split(' ')[0]).sort()).toEqual(['MAIL_FROM', 'SMTP_URL']);
      // the URL may hold a password: never echoed
      expect(bad.errors.join('\n')).not.toContain('hunter2');
    }
    const prod = parseConfig({
      NODE_ENV: 'production', PUBLIC_ORIGIN: 'https://annex.example.cn', SMTP_URL: 'smtps://u:p@mail.example.cn:465',
    });
    expect(prod.ok ? [] : prod.errors).toContain('MAIL_FROM is required when SMTP_URL is set in production (the sender address)');
  });
});
