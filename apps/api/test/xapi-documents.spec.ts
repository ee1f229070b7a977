import { withTenant } from '../src/database/tenant-context';
import { createHash } from 'node:crypto';
import type { InjectOptions } from 'fastify';
import { XapiClientsService } from '../src/xapi/xapi-clients.service';
import { createTenant, expectProblem, JAPANESE, tenantIdOf } from './support/factories';
import { createTestApp, TestApp } from './support/test-app';

const BASE = '/api/v1/xapi';
const ACTIVITY = 'https://dx-learning.example/activities/dx-basic';
const AGENT = { objectType: 'Agent', account: { homePage: 'https://pref.example.lg.jp', name: '000123' } };
const OTHER_AGENT = { mbox: 'mailto:kensyu@pref.example.lg.jp' };
const REGISTRATION = '6f1b2c3d-1111-4222-8333-444455556666';

type Params = Record<string, string | object>;

function query(params: Params): string {
  return Object.entries(params)
    .map(([k, v]) => `${k}=${encodeURIComponent(typeof v === 'string' ? v : JSON.stringify(v))}`)
    .join('&');
}

function sha1(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

describe('xAPI document resources: state, activity profile, agent profile, activities, agents, about', () => {
  let t: TestApp;
  let auth: string;
  let otherAuth: string;

  beforeAll(async () => {
    t = await createTestApp();
    const clients = t.app.get(XapiClientsService);
    const ownTenant = await tenantIdOf(t);
    const own = await withTenant(ownTenant, () => clients.create(ownTenant, 'テスト用 LMS', 'admin'));
    auth = 'Basic ' + Buffer.from(`${own.key}:${own.secret}`).toString('base64');
    const other = await createTenant(t, 'other-city');
    const theirs = await withTenant(other.tenantId, () =>
      clients.create(other.tenantId, '他団体の LMS', 'admin-other-city'),
    );
    otherAuth = 'Basic ' + Buffer.from(`${theirs.key}:${theirs.secret}`).toString('base64');
  });
  afterAll(() => t?.close());

  const xapi = (
    method: InjectOptions['method'],
    resource: string,
    params: Params,
    options: { body?: unknown; contentType?: string; headers?: Record<string, string>; as?: string } = {},
  ) => {
    const headers: Record<string, string> = {
      'x-experience-api-version': '1.0.3',
      authorization: options.as ?? auth,
      ...options.headers,
    };
    let payload: string | Buffer | undefined;
    if (options.body !== undefined) {
      payload =
        typeof options.body === 'string' || Buffer.isBuffer(options.body)
          ? options.body
          : JSON.stringify(options.body);
      headers['content-type'] = options.contentType ?? 'application/json';
    }
    return t.request({ method, url: `${BASE}/${resource}?${query(params)}`, headers, payload });
  };

  const state = (extra: Params = {}) => ({
    activityId: ACTIVITY,
    agent: AGENT,
    stateId: `state-${Math.random().toString(16).slice(2)}`,
    ...extra,
  });

  describe('state', () => {
    it('stores, reads, merges and deletes a document, with its ETag and Last-Modified', async () => {
      const params = state();
      expect(
        (await xapi('PUT', 'activities/state', params, { body: { progress: 10, page: 'p1' } })).statusCode,
      ).toBe(204);
      const got = await xapi('GET', 'activities/state', params);
      expect(got.statusCode).toBe(200);
      expect(got.json()).toEqual({ progress: 10, page: 'p1' });
      expect(got.headers['content-type']).toContain('application/json');
      expect(got.headers['etag']).toBe(`"${sha1(got.body)}"`);
      expect(new Date(String(got.headers['last-modified'])).getTime()).toBeGreaterThan(Date.now() - 60_000);

      // POST merges one level deep; a posted property replaces the stored one whole.
      expect(
        (await xapi('POST', 'activities/state', params, { body: { progress: 50, bookmark: { p: 2 } } }))
          .statusCode,
      ).toBe(204);
      expect((await xapi('GET', 'activities/state', params)).json()).toEqual({
        progress: 50,
        page: 'p1',
        bookmark: { p: 2 },
      });

      // A state PUT needs no concurrency header: it overwrites.
      expect((await xapi('PUT', 'activities/state', params, { body: { progress: 100 } })).statusCode).toBe(
        204,
      );
      expect((await xapi('GET', 'activities/state', params)).json()).toEqual({ progress: 100 });

      expect((await xapi('DELETE', 'activities/state', params)).statusCode).toBe(204);
      expectProblem(await xapi('GET', 'activities/state', params), 404);
      // Deleting what is not there is no error.
      expect((await xapi('DELETE', 'activities/state', params)).statusCode).toBe(204);
    });

    it('keeps any content type as bytes, and refuses to merge into or from a non-JSON document', async () => {
      const params = state();
      const bytes = Buffer.from([0x00, 0xff, 0x10, 0x80]);
      expect(
        (
          await xapi('PUT', 'activities/state', params, {
            body: bytes,
            contentType: 'application/octet-stream',
          })
        ).statusCode,
      ).toBe(204);
      const got = await xapi('GET', 'activities/state', params);
      expect(got.rawPayload.equals(bytes)).toBe(true);
      expect(got.headers['content-type']).toBe('application/octet-stream');
      const refused = expectProblem(await xapi('POST', 'activities/state', params, { body: { a: 1 } }), 400);
      expect(refused['detail']).toMatch(JAPANESE);
      expect((await xapi('GET', 'activities/state', params)).rawPayload.equals(bytes)).toBe(true);

      const json = state();
      await xapi('POST', 'activities/state', json, { body: { a: 1 } });
      expectProblem(
        await xapi('POST', 'activities/state', json, { body: 'abc', contentType: 'text/plain' }),
        400,
      );
      expectProblem(
        await xapi('POST', 'activities/state', json, { body: '{"b":', contentType: 'application/json' }),
        400,
      );
      expectProblem(await xapi('POST', 'activities/state', json, { body: [1, 2] }), 400);
      expect((await xapi('GET', 'activities/state', json)).json()).toEqual({ a: 1 });
    });

    it('keeps documents of each registration apart, lists ids with since, and deletes all of an activity and agent', async () => {
      const activityId = `${ACTIVITY}/${Math.random().toString(16).slice(2)}`;
      const base = { activityId, agent: AGENT };
      await xapi('PUT', 'activities/state', { ...base, stateId: 'a' }, { body: { n: 1 } });
      await xapi(
        'PUT',
        'activities/state',
        { ...base, stateId: 'a', registration: REGISTRATION },
        { body: { n: 2 } },
      );
      await xapi('PUT', 'activities/state', { ...base, stateId: 'b' }, { body: { n: 3 } });
      await xapi(
        'PUT',
        'activities/state',
        { activityId, agent: OTHER_AGENT, stateId: 'c' },
        { body: { n: 4 } },
      );
      expect((await xapi('GET', 'activities/state', { ...base, stateId: 'a' })).json()).toEqual({ n: 1 });
      expect(
        (await xapi('GET', 'activities/state', { ...base, stateId: 'a', registration: REGISTRATION })).json(),
      ).toEqual({ n: 2 });

      expect((await xapi('GET', 'activities/state', base)).json().sort()).toEqual(['a', 'a', 'b']);
      expect((await xapi('GET', 'activities/state', { ...base, registration: REGISTRATION })).json()).toEqual(
        ['a'],
      );
      const cut = new Date(Date.now() + 1).toISOString();
      await new Promise((resolve) => setTimeout(resolve, 5));
      await xapi('PUT', 'activities/state', { ...base, stateId: 'd' }, { body: { n: 5 } });
      expect((await xapi('GET', 'activities/state', { ...base, since: cut })).json()).toEqual(['d']);
      expect(
        (await xapi('GET', 'activities/state', { ...base, since: '2000-01-01T00:00:00Z' })).json(),
      ).toHaveLength(4);
      expectProblem(await xapi('GET', 'activities/state', { ...base, since: 'not a timestamp' }), 400);

      expect(
        (await xapi('DELETE', 'activities/state', { ...base, registration: REGISTRATION })).statusCode,
      ).toBe(204);
      expect((await xapi('GET', 'activities/state', base)).json().sort()).toEqual(['a', 'b', 'd']);
      expect((await xapi('DELETE', 'activities/state', base)).statusCode).toBe(204);
      expect((await xapi('GET', 'activities/state', base)).json()).toEqual([]);
      // The other agent's state is untouched.
      expect((await xapi('GET', 'activities/state', { activityId, agent: OTHER_AGENT })).json()).toEqual([
        'c',
      ]);
    });

    it.each([
      ['no activityId', { agent: AGENT, stateId: 's' }],
      ['an activityId that is no IRI', { activityId: 'true', agent: AGENT, stateId: 's' }],
      ['no agent', { activityId: ACTIVITY, stateId: 's' }],
      ['an agent that is not JSON', { activityId: ACTIVITY, agent: 'not JSON', stateId: 's' }],
      ['an agent without identifier', { activityId: ACTIVITY, agent: { name: 'x' }, stateId: 's' }],
      [
        'an agent with two identifiers',
        { activityId: ACTIVITY, agent: { ...OTHER_AGENT, openid: 'http://openid.example/x' }, stateId: 's' },
      ],
      [
        'a registration that is no UUID',
        { activityId: ACTIVITY, agent: AGENT, stateId: 's', registration: 'true' },
      ],
      ['no stateId', { activityId: ACTIVITY, agent: AGENT }],
      ['an unknown parameter', { activityId: ACTIVITY, agent: AGENT, stateId: 's', foo: 'bar' }],
    ])('refuses a PUT with %s (400, in Japanese)', async (_, params) => {
      const problem = expectProblem(await xapi('PUT', 'activities/state', params, { body: { a: 1 } }), 400);
      expect(problem['detail']).toMatch(JAPANESE);
    });

    it('needs the version header and a credential', async () => {
      const params = state();
      const noVersion = await t.request({
        method: 'GET',
        url: `${BASE}/activities/state?${query(params)}`,
        headers: { authorization: auth },
      });
      expect(noVersion.statusCode).toBe(400);
      expectProblem(
        await xapi('GET', 'activities/state', params, {
          as: 'Basic ' + Buffer.from('x:y').toString('base64'),
        }),
        401,
      );
    });
  });

  describe('ETag concurrency', () => {
    const profile = () => ({
      activityId: ACTIVITY,
      profileId: `profile-${Math.random().toString(16).slice(2)}`,
    });

    it('creates a profile only with If-None-Match: *, updates it only with the current ETag', async () => {
      const params = profile();
      // Neither header: 400 for a new profile, 409 for an existing one (Communication 3.1).
      expectProblem(await xapi('PUT', 'activities/profile', params, { body: { v: 0 } }), 400);
      const created = await xapi('PUT', 'activities/profile', params, {
        body: { v: 1 },
        headers: { 'if-none-match': '*' },
      });
      expect(created.statusCode).toBe(204);
      expectProblem(
        await xapi('PUT', 'activities/profile', params, {
          body: { v: 2 },
          headers: { 'if-none-match': '*' },
        }),
        412,
      );
      const conflict = expectProblem(
        await xapi('PUT', 'activities/profile', params, { body: { v: 2 } }),
        409,
      );
      expect(conflict['detail']).toMatch(/If-Match/);

      const etag = String((await xapi('GET', 'activities/profile', params)).headers['etag']);
      expect(etag).toMatch(/^"[0-9a-f]{40}"$/);
      expectProblem(
        await xapi('PUT', 'activities/profile', params, {
          body: { v: 3 },
          headers: { 'if-match': '"1111111111111111111111111111111111111111"' },
        }),
        412,
      );
      expect((await xapi('GET', 'activities/profile', params)).json()).toEqual({ v: 1 });
      expect(
        (await xapi('PUT', 'activities/profile', params, { body: { v: 4 }, headers: { 'if-match': etag } }))
          .statusCode,
      ).toBe(204);
      expect((await xapi('GET', 'activities/profile', params)).json()).toEqual({ v: 4 });
      // The old ETag is stale now: a POST or DELETE with it changes nothing.
      expectProblem(
        await xapi('POST', 'activities/profile', params, { body: { w: 1 }, headers: { 'if-match': etag } }),
        412,
      );
      expectProblem(
        await xapi('DELETE', 'activities/profile', params, { headers: { 'if-match': etag } }),
        412,
      );
      expect((await xapi('GET', 'activities/profile', params)).json()).toEqual({ v: 4 });
      const current = String((await xapi('GET', 'activities/profile', params)).headers['etag']);
      expect(
        (await xapi('DELETE', 'activities/profile', params, { headers: { 'if-match': current } })).statusCode,
      ).toBe(204);
      expectProblem(await xapi('GET', 'activities/profile', params), 404);
      // If-Match on a document that is not there fails too.
      expectProblem(
        await xapi('PUT', 'activities/profile', params, { body: { v: 5 }, headers: { 'if-match': '*' } }),
        412,
      );
    });

    it('lets a state PUT, POST and DELETE use the headers too', async () => {
      const params = state();
      await xapi('PUT', 'activities/state', params, { body: { a: 1 } });
      expectProblem(
        await xapi('PUT', 'activities/state', params, { body: { a: 2 }, headers: { 'if-none-match': '*' } }),
        412,
      );
      expectProblem(
        await xapi('POST', 'activities/state', params, {
          body: { b: 1 },
          headers: { 'if-match': `"${'0'.repeat(40)}"` },
        }),
        412,
      );
      expect((await xapi('GET', 'activities/state', params)).json()).toEqual({ a: 1 });
    });
  });

  describe('concurrent writers', () => {
    it('merges every one of 10 simultaneous POSTs into a document none of them found', async () => {
      const params = state();
      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          xapi('POST', 'activities/state', params, { body: { [`k${i}`]: i } }),
        ),
      );
      expect(answers.map((a) => a.statusCode)).toEqual(Array(10).fill(204));
      expect((await xapi('GET', 'activities/state', params)).json()).toEqual(
        Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`, i])),
      );
    });

    it('lets exactly one of 8 simultaneous If-None-Match: * PUTs create a profile', async () => {
      const params = { activityId: ACTIVITY, profileId: `race-${Math.random().toString(16).slice(2)}` };
      const answers = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          xapi('PUT', 'activities/profile', params, {
            body: { writer: i },
            headers: { 'if-none-match': '*' },
          }),
        ),
      );
      const codes = answers.map((a) => a.statusCode).sort();
      expect(codes).toEqual([204, 412, 412, 412, 412, 412, 412, 412]);
      const winner = answers.findIndex((a) => a.statusCode === 204);
      expect((await xapi('GET', 'activities/profile', params)).json()).toEqual({ writer: winner });
    });
  });

  describe('activity profile and agent profile', () => {
    it('stores, merges, lists with since and deletes activity profiles', async () => {
      const activityId = `${ACTIVITY}/${Math.random().toString(16).slice(2)}`;
      const before = new Date(Date.now() - 1000).toISOString();
      expect(
        (await xapi('POST', 'activities/profile', { activityId, profileId: 'p1' }, { body: { a: 1 } }))
          .statusCode,
      ).toBe(204);
      expect(
        (await xapi('POST', 'activities/profile', { activityId, profileId: 'p1' }, { body: { b: 2 } }))
          .statusCode,
      ).toBe(204);
      expect((await xapi('GET', 'activities/profile', { activityId, profileId: 'p1' })).json()).toEqual({
        a: 1,
        b: 2,
      });
      await xapi(
        'POST',
        'activities/profile',
        { activityId, profileId: 'p2' },
        { body: 'text', contentType: 'text/plain' },
      );
      expect((await xapi('GET', 'activities/profile', { activityId })).json().sort()).toEqual(['p1', 'p2']);
      expect((await xapi('GET', 'activities/profile', { activityId, since: before })).json().sort()).toEqual([
        'p1',
        'p2',
      ]);
      expect(
        (
          await xapi('GET', 'activities/profile', {
            activityId,
            since: new Date(Date.now() + 60_000).toISOString(),
          })
        ).json(),
      ).toEqual([]);
      expect((await xapi('DELETE', 'activities/profile', { activityId, profileId: 'p1' })).statusCode).toBe(
        204,
      );
      expect((await xapi('GET', 'activities/profile', { activityId })).json()).toEqual(['p2']);
      expectProblem(await xapi('DELETE', 'activities/profile', { activityId }), 400);
    });

    it('stores, merges, lists and deletes agent profiles, by the agent’s identifier whatever its name', async () => {
      const agent = { mbox: `mailto:${Math.random().toString(16).slice(2)}@pref.example.lg.jp` };
      expect(
        (
          await xapi(
            'PUT',
            'agents/profile',
            { agent, profileId: 'prefs' },
            { body: { lang: 'ja' }, headers: { 'if-none-match': '*' } },
          )
        ).statusCode,
      ).toBe(204);
      await xapi(
        'POST',
        'agents/profile',
        { agent: { ...agent, name: '県 花子' }, profileId: 'prefs' },
        { body: { theme: 'dark' } },
      );
      expect((await xapi('GET', 'agents/profile', { agent, profileId: 'prefs' })).json()).toEqual({
        lang: 'ja',
        theme: 'dark',
      });
      expect((await xapi('GET', 'agents/profile', { agent })).json()).toEqual(['prefs']);
      expectProblem(await xapi('GET', 'agents/profile', { agent: { name: 'no id' } }), 400);
      expect((await xapi('DELETE', 'agents/profile', { agent, profileId: 'prefs' })).statusCode).toBe(204);
      expect((await xapi('GET', 'agents/profile', { agent })).json()).toEqual([]);
    });
  });

  it('keeps each tenant’s documents to its own credentials', async () => {
    const params = state();
    await xapi('PUT', 'activities/state', params, { body: { mine: true } });
    await xapi(
      'POST',
      'activities/profile',
      { activityId: ACTIVITY, profileId: 'shared-name' },
      { body: { mine: true } },
    );
    expectProblem(await xapi('GET', 'activities/state', params, { as: otherAuth }), 404);
    expect(
      (
        await xapi('GET', 'activities/state', { activityId: ACTIVITY, agent: AGENT }, { as: otherAuth })
      ).json(),
    ).toEqual([]);
    expectProblem(
      await xapi(
        'GET',
        'activities/profile',
        { activityId: ACTIVITY, profileId: 'shared-name' },
        { as: otherAuth },
      ),
      404,
    );
    // The other tenant's document of the same name is its own, and deleting everything there leaves ours.
    await xapi(
      'POST',
      'activities/profile',
      { activityId: ACTIVITY, profileId: 'shared-name' },
      { body: { theirs: true }, as: otherAuth },
    );
    await xapi('DELETE', 'activities/state', { activityId: ACTIVITY, agent: AGENT }, { as: otherAuth });
    expect((await xapi('GET', 'activities/state', params)).json()).toEqual({ mine: true });
    expect(
      (await xapi('GET', 'activities/profile', { activityId: ACTIVITY, profileId: 'shared-name' })).json(),
    ).toEqual({ mine: true });
    expect(
      (
        await xapi(
          'GET',
          'activities/profile',
          { activityId: ACTIVITY, profileId: 'shared-name' },
          { as: otherAuth },
        )
      ).json(),
    ).toEqual({ theirs: true });
  });

  it('answers an activity’s merged definition, an agent’s Person and the versions', async () => {
    const activityId = `${ACTIVITY}/defined-${Math.random().toString(16).slice(2)}`;
    const statement = (definition: object) => ({
      actor: { mbox: 'mailto:kensyu@pref.example.lg.jp', name: '県 太郎' },
      verb: { id: 'http://adlnet.gov/expapi/verbs/attended', display: { 'en-US': 'attended' } },
      object: { objectType: 'Activity', id: activityId, definition },
    });
    const posted = await t.request({
      method: 'POST',
      url: `${BASE}/statements`,
      headers: {
        'x-experience-api-version': '1.0.3',
        authorization: auth,
        'content-type': 'application/json',
      },
      payload: JSON.stringify([
        statement({ type: 'http://adlnet.gov/expapi/activities/course', name: { 'en-US': 'DX basics' } }),
        statement({ name: { 'ja-JP': 'DX基礎' } }),
      ]),
    });
    expect(posted.statusCode).toBe(200);
    const activity = await xapi('GET', 'activities', { activityId });
    expect(activity.statusCode).toBe(200);
    expect(activity.json()).toEqual({
      objectType: 'Activity',
      id: activityId,
      definition: {
        type: 'http://adlnet.gov/expapi/activities/course',
        name: { 'en-US': 'DX basics', 'ja-JP': 'DX基礎' },
      },
    });
    // Another tenant's LRS knows nothing of it.
    expect((await xapi('GET', 'activities', { activityId }, { as: otherAuth })).json()).toEqual({
      objectType: 'Activity',
      id: activityId,
      definition: {},
    });
    expectProblem(await xapi('GET', 'activities', {}), 400);

    // The Person lists the names the statements gave the same agent, and the parameter's own.
    const person = await xapi('GET', 'agents', { agent: { mbox: 'mailto:kensyu@pref.example.lg.jp' } });
    expect(person.json()).toEqual({
      objectType: 'Person',
      name: ['県 太郎'],
      mbox: ['mailto:kensyu@pref.example.lg.jp'],
    });
    const named = await xapi('GET', 'agents', {
      agent: { name: '県 太郎（研修）', mbox: 'mailto:kensyu@pref.example.lg.jp' },
    });
    expect(named.json().name).toEqual(['県 太郎（研修）', '県 太郎']);
    // Another tenant's statements say nothing of the agent.
    const elsewhere = await xapi(
      'GET',
      'agents',
      { agent: { mbox: 'mailto:kensyu@pref.example.lg.jp' } },
      { as: otherAuth },
    );
    expect(elsewhere.json()).toEqual({ objectType: 'Person', mbox: ['mailto:kensyu@pref.example.lg.jp'] });
    expectProblem(await xapi('GET', 'agents', { agent: { name: 'no id' } }), 400);

    // About needs neither credentials nor the version header.
    const about = await t.request({ method: 'GET', url: `${BASE}/about` });
    expect(about.statusCode).toBe(200);
    expect(about.json().version).toContain('1.0.3');
  });

  it('answers HEAD like GET without a body', async () => {
    const params = state();
    await xapi('PUT', 'activities/state', params, { body: { a: 1 } });
    const head = await xapi('HEAD', 'activities/state', params);
    expect(head.statusCode).toBe(200);
    expect(head.body).toBe('');
    expect(head.headers['etag']).toMatch(/^"[0-9a-f]{40}"$/);
  });
});
