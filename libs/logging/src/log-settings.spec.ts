import { logSettings } from './log-settings.js';

describe('log settings', () => {
  it('writes JSON at the configured level unless LOG_FORMAT asks for readable lines', () => {
    expect(logSettings({ logLevel: 'warn' }, {})).toEqual({ level: 'warn', format: 'json' });
    expect(logSettings({ logLevel: 'info' }, { LOG_FORMAT: '' })).toEqual({ level: 'info', format: 'json' });
    expect(logSettings({ logLevel: 'debug' }, { LOG_FORMAT: 'pretty' })).toEqual({ level: 'debug', format: 'pretty' });
  });

  it('refuses a LOG_FORMAT it does not know, naming the setting and the formats it takes', () => {
    expect(() => logSettings({ logLevel: 'info' }, { LOG_FORMAT: 'yaml' })).toThrow('LOG_FORMAT must be one of json, pretty, got "yaml"');
  });
});
