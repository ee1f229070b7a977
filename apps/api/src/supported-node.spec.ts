import { jest } from '@jest/globals';

/** Loads the check as an entry point would, on a Node.js that reports `version`. */
function startOn(version: string): { exited: number | undefined; message: string } {
  const original = process.versions;
  let exited: number | undefined;
  let message = '';
  const exit = jest.spyOn(process, 'exit').mockImplementation(((code?: number) => {
    exited = code;
  }) as never);
  const write = jest.spyOn(process.stderr, 'write').mockImplementation(((text: string) => {
    message += text;
    return true;
  }) as never);
  Object.defineProperty(process, 'versions', { value: { ...original, node: version }, configurable: true });
  try {
    jest.isolateModules(() => require('./supported-node'));
  } finally {
    Object.defineProperty(process, 'versions', { value: original, configurable: true });
    exit.mockRestore();
    write.mockRestore();
  }
  return { exited, message };
}

describe('the supported Node.js check every entry point loads first', () => {
  it('stops the server on Node.js 20 (where argon2 crashes) with a message in Japanese and English', () => {
    const { exited, message } = startOn('20.20.2');
    expect(exited).toBe(1);
    expect(message).toContain('Node.js 24.15 以降');
    expect(message).toContain('npm start');
    expect(message).toContain('needs Node.js >= 24.15');
  });

  it('stops on Node.js 22 and on 24 before 24.15', () => {
    expect(startOn('22.22.3').exited).toBe(1);
    expect(startOn('24.14.9').exited).toBe(1);
  });

  it('lets the bundled Node.js 24 and later versions start', () => {
    expect(startOn('24.15.0')).toEqual({ exited: undefined, message: '' });
    expect(startOn('24.21.0')).toEqual({ exited: undefined, message: '' });
    expect(startOn('26.1.0')).toEqual({ exited: undefined, message: '' });
  });
});
