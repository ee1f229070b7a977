import {
  agentKey,
  isJsonContentType,
  mergeActivityDefinitions,
  mergeJsonDocuments,
  parseActivityIdParameter,
  parseAgentParameter,
  parseRegistrationParameter,
  parseSinceParameter,
  personOf,
  refuseUnknownParameters,
  requiredParameter,
  XapiParameterError,
} from './xapi-documents';

describe('xAPI document parameters', () => {
  it('reads an agent with exactly one identifier', () => {
    const agent = parseAgentParameter(
      JSON.stringify({ objectType: 'Agent', account: { homePage: 'http://example.com', name: '00123' } }),
    );
    expect(agentKey(agent)).toBe('account:["http://example.com","00123"]');
    expect(agentKey(parseAgentParameter('{"mbox":"mailto:a@example.jp","name":"県 太郎"}'))).toBe(
      'mbox:mailto:a@example.jp',
    );
    expect(agentKey(parseAgentParameter(`{"mbox_sha1sum":"${'AB'.repeat(20)}"}`))).toBe(
      `mbox_sha1sum:${'ab'.repeat(20)}`,
    );
  });

  it.each([
    ['not JSON', 'not JSON'],
    ['true', 'true'],
    ['an array', '[]'],
    ['no identifier', '{"name":"Rick James","objectType":"Agent"}'],
    ['two identifiers', '{"mbox":"mailto:a@example.jp","openid":"http://example.com/a"}'],
    ['a group', '{"objectType":"Group","mbox":"mailto:a@example.jp"}'],
    ['an mbox without mailto', '{"mbox":"a@example.jp"}'],
    ['an account without a name', '{"account":{"homePage":"http://example.com"}}'],
    ['an account whose home page is no IRI', '{"account":{"homePage":"example","name":"x"}}'],
    ['an unknown property', '{"mbox":"mailto:a@example.jp","age":3}'],
  ])('refuses an agent that is %s', (_, value) => {
    expect(() => parseAgentParameter(value)).toThrow(XapiParameterError);
  });

  it('reads activity ids, registrations and since', () => {
    expect(parseActivityIdParameter('http://www.example.com/activityId/hashset')).toBe(
      'http://www.example.com/activityId/hashset',
    );
    expect(() => parseActivityIdParameter('true')).toThrow(XapiParameterError);
    expect(() => parseActivityIdParameter('has space:x y')).toThrow(XapiParameterError);
    expect(parseRegistrationParameter('6F1B2C3D-0000-4000-8000-000000000001')).toBe(
      '6f1b2c3d-0000-4000-8000-000000000001',
    );
    expect(() => parseRegistrationParameter('true')).toThrow(XapiParameterError);
    expect(parseSinceParameter('2026-04-01T09:00:00+09:00').toISOString()).toBe('2026-04-01T00:00:00.000Z');
    expect(parseSinceParameter('2026-04-01T00:00:00.123456Z').toISOString()).toBe('2026-04-01T00:00:00.123Z');
    expect(parseSinceParameter('2026-04-01T00:00').toISOString()).toBe('2026-04-01T00:00:00.000Z');
    for (const bad of ['not a timestamp', 'true', '2026-13-01T00:00:00Z', '2026-04-01']) {
      expect(() => parseSinceParameter(bad)).toThrow(XapiParameterError);
    }
  });

  it('refuses a missing, repeated or unknown parameter', () => {
    expect(() => requiredParameter({}, 'stateId')).toThrow(/stateId/);
    expect(() => requiredParameter({ stateId: '' }, 'stateId')).toThrow(/stateId/);
    expect(() => requiredParameter({ stateId: ['a', 'b'] }, 'stateId')).toThrow(/1回/);
    expect(() => refuseUnknownParameters({ foo: 'bar' }, ['stateId'])).toThrow(/foo/);
    expect(() => refuseUnknownParameters({ stateId: 'a' }, ['stateId'])).not.toThrow();
  });
});

describe('xAPI documents', () => {
  it('merges one level deep: a posted property replaces the stored one whole', () => {
    expect(
      mergeJsonDocuments(
        { car: { make: 'Ford', model: 'Escape' }, driver: 'Dale', kept: 1 },
        { car: { make: 'Dodge' }, driver: 'Jeff' },
      ),
    ).toEqual({ car: { make: 'Dodge' }, driver: 'Jeff', kept: 1 });
  });

  it('knows a JSON content type with or without parameters', () => {
    expect(isJsonContentType('application/json')).toBe(true);
    expect(isJsonContentType('Application/JSON; charset=utf-8')).toBe(true);
    expect(isJsonContentType('application/octet-stream')).toBe(false);
    expect(isJsonContentType(undefined)).toBe(false);
  });

  it('answers a Person with every property as an array', () => {
    expect(personOf({ name: 'A', mbox: 'mailto:a@example.jp' }, ['A', 'B'])).toEqual({
      objectType: 'Person',
      name: ['A', 'B'],
      mbox: ['mailto:a@example.jp'],
    });
    expect(personOf({ account: { homePage: 'http://example.com', name: '001' } })).toEqual({
      objectType: 'Person',
      account: [{ homePage: 'http://example.com', name: '001' }],
    });
  });

  it('merges activity definitions: languages and extensions add up, later values win', () => {
    expect(
      mergeActivityDefinitions([
        { type: 'http://example.com/a', name: { 'en-US': 'meeting' }, extensions: { 'http://x/1': 1 } },
        null,
        { name: { 'fr-FR': 'réunion' }, extensions: { 'http://x/2': 2 }, type: 'http://example.com/b' },
      ]),
    ).toEqual({
      type: 'http://example.com/b',
      name: { 'en-US': 'meeting', 'fr-FR': 'réunion' },
      extensions: { 'http://x/1': 1, 'http://x/2': 2 },
    });
    expect(
      mergeActivityDefinitions([
        { choices: [{ id: 'a', description: { 'en-US': 'A' } }] },
        {
          choices: [
            { id: 'a', description: { 'ja-JP': 'エー' } },
            { id: 'b', description: { 'en-US': 'B' } },
          ],
        },
      ]),
    ).toEqual({
      choices: [
        { id: 'a', description: { 'en-US': 'A', 'ja-JP': 'エー' } },
        { id: 'b', description: { 'en-US': 'B' } },
      ],
    });
  });
});
