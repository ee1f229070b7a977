import { sentDigest, toRecord } from './statement-record';

const client = { tenantId: 1, clientId: 7, key: 'k3y', name: '接続' };
const STORED = '2026-12-07T01:02:03.456Z';

describe('toRecord', () => {
  it.each([
    ['a timestamp and a version of its own', { timestamp: '2026-12-01T09:00:00+09:00', version: '1.0.3' }],
    [
      'no timestamp, an id, stored and authority the LRS replaces',
      {
        id: 'A1B2C3D4-0000-4000-8000-000000000001',
        stored: '2020-01-01T00:00:00Z',
        authority: { mbox: 'mailto:someone@example.com' },
      },
    ],
    ['a null timestamp', { timestamp: null }],
    [
      'one context activity as an object',
      { context: { contextActivities: { parent: { id: 'http://example.com/p' } } } },
    ],
  ])(
    'gives the stored statement as JSON text equal to the object (%s)',
    (_, extra: Record<string, unknown>) => {
      const sent = {
        actor: { mbox: 'mailto:learner@example.com', name: '学習者' },
        verb: { id: 'http://adlnet.gov/expapi/verbs/experienced' },
        object: { id: 'http://example.com/a1', definition: { name: { ja: '講座' } } },
        ...extra,
      };
      const record = toRecord(sent, client, STORED, 'https://lrs.example.jp');
      expect(JSON.parse(record.statementJson)).toEqual(JSON.parse(JSON.stringify(record.statement)));
      expect(record.statement).toMatchObject({ stored: STORED, version: extra.version ?? '1.0.0' });
      expect(record.contentHash).toBe(sentDigest(record.input));
    },
  );
});
