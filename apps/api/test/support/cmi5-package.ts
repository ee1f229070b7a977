// A small cmi5 course built in code for the tests (API and browser): one AU of plain HTML/JS that does what a cmi5 AU
// does (cmi5 section 8 to 11): reads the launch parameters, POSTs the fetch URL once for its auth token, reads
// LMS.LaunchData and the learner's cmi5LearnerPreferences, sends initialized, keeps a bookmark in a state document of
// its own, then (launch mode Normal) completed and passed with a score, terminated, and goes to the returnURL.
// Zipped with yazl like the SCORM test packages.
import { zipOf } from './scorm-packages';

export const CMI5_COURSE_ID = 'https://pref.example.lg.jp/xapi/courses/harassment-2026';
export const CMI5_AU_ID = `${CMI5_COURSE_ID}/au/1`;

export interface Cmi5AuSpec {
  id?: string;
  title?: string;
  url?: string;
  moveOn?: string;
  masteryScore?: number | null;
  launchParameters?: string;
  launchMethod?: 'AnyWindow' | 'OwnWindow';
  entitlementKey?: string;
  /** The publisher id of the block the AU is in (consecutive AUs of one block share its element). */
  block?: string;
}

export function cmi5Xml(aus: Cmi5AuSpec[] = [{}]): string {
  const au = (spec: Cmi5AuSpec, i: number) => {
    const mastery = spec.masteryScore === undefined ? 0.8 : spec.masteryScore;
    return `
  <au id="${spec.id ?? (i === 0 ? CMI5_AU_ID : `${CMI5_COURSE_ID}/au/${i + 1}`)}" moveOn="${spec.moveOn ?? 'CompletedAndPassed'}"${mastery === null ? '' : ` masteryScore="${mastery}"`} launchMethod="${spec.launchMethod ?? 'AnyWindow'}">
    <title><langstring lang="en-US">What harassment is</langstring><langstring lang="ja-JP">${spec.title ?? 'ハラスメントとは'}</langstring></title>
    <description><langstring lang="ja-JP">職場のハラスメントの基本</langstring></description>
    <launchParameters>${spec.launchParameters ?? 'lang=ja'}</launchParameters>${spec.entitlementKey ? `\n    <entitlementKey>${spec.entitlementKey}</entitlementKey>` : ''}
    <url>${spec.url ?? 'index.html'}</url>
  </au>`;
  };
  let body = '';
  for (let i = 0; i < aus.length; i++) {
    const block = aus[i].block;
    if (!block) {
      body += au(aus[i], i);
      continue;
    }
    let inner = '';
    for (; i < aus.length && aus[i].block === block; i++) inner += au(aus[i], i);
    i--;
    body += `
  <block id="${block}">
    <title><langstring lang="ja-JP">章 ${block.split('/').pop()}</langstring></title>
    <description><langstring lang="ja-JP">ブロック</langstring></description>${inner.replace(/\n/g, '\n  ')}
  </block>`;
  }
  return `<?xml version="1.0" encoding="utf-8"?>
<courseStructure xmlns="https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd">
  <course id="${CMI5_COURSE_ID}">
    <title><langstring lang="ja-JP">ハラスメント防止研修 2026</langstring></title>
    <description><langstring lang="ja-JP">全職員向けのハラスメント防止研修です。</langstring></description>
  </course>${body}
</courseStructure>`;
}

/**
 * The AU: three pages. Each 次へ keeps the page in the state document `bookmark` (its own, per registration); the
 * last page sends completed, passed with score 0.9 (the mastery score is 0.8) and terminated — only terminated when
 * the launch mode is Review or Browse — then goes to LMS.LaunchData's returnURL a second later. Every step is written
 * into #log, so the tests can see what the LMS answered.
 */
export const CMI5_AU_JS = `
(function () {
  var q = new URLSearchParams(location.search);
  var endpoint = q.get('endpoint');
  var actor = JSON.parse(q.get('actor'));
  var registration = q.get('registration');
  var activityId = q.get('activityId');
  var auth = null;
  var launchData = null;
  var page = 1;
  var started = Date.now();
  function log(text) {
    var li = document.createElement('li');
    li.textContent = text;
    document.getElementById('log').appendChild(li);
  }
  function uuid() {
    return 'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'.replace(/[xy]/g, function (c) {
      var r = (Math.random() * 16) | 0;
      return (c === 'x' ? r : (r & 3) | 8).toString(16);
    });
  }
  function lrs(method, resource, params, body) {
    var url = endpoint + resource + (params ? '?' + new URLSearchParams(params).toString() : '');
    var headers = { Authorization: auth, 'X-Experience-API-Version': '1.0.3' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    return fetch(url, { method: method, headers: headers, body: body === undefined ? undefined : JSON.stringify(body) });
  }
  function state(stateId) {
    return { activityId: activityId, agent: JSON.stringify(actor), registration: registration, stateId: stateId };
  }
  function send(verb, extra, moveOn) {
    var context = JSON.parse(JSON.stringify(launchData.contextTemplate));
    context.registration = registration;
    if (moveOn) context.contextActivities.category.push({ id: 'https://w3id.org/xapi/cmi5/context/categories/moveon' });
    var statement = {
      id: uuid(),
      actor: actor,
      verb: { id: verb, display: { 'en-US': verb.split('/').pop() } },
      object: { objectType: 'Activity', id: activityId },
      context: context,
      timestamp: new Date().toISOString()
    };
    for (var key in extra) statement[key] = extra[key];
    return lrs('POST', 'statements', null, statement).then(function (r) {
      log(verb.split('/').pop() + ': ' + r.status);
      if (!r.ok) throw new Error('statement ' + r.status);
    });
  }
  function duration() {
    return 'PT' + Math.max(1, Math.round((Date.now() - started) / 1000)) + 'S';
  }
  function show() {
    document.getElementById('page').textContent = String(page);
    document.getElementById('next').textContent = page < 3 ? '次へ' : '修了する';
  }
  function start() {
    fetch(q.get('fetch'), { method: 'POST' })
      .then(function (r) { return r.json(); })
      .then(function (answer) {
        if (!answer['auth-token']) throw new Error('fetch: ' + answer['error-code']);
        auth = 'Basic ' + answer['auth-token'];
        log('token: ok');
        return lrs('GET', 'activities/state', state('LMS.LaunchData'));
      })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        launchData = data;
        document.getElementById('mode').textContent = data.launchMode + ' / ' + data.moveOn + ' / ' + data.launchParameters;
        return lrs('GET', 'agents/profile', { agent: JSON.stringify(actor), profileId: 'cmi5LearnerPreferences' });
      })
      .then(function (r) { return r.status === 200 ? r.json() : null; })
      .then(function (prefs) {
        document.getElementById('prefs').textContent = prefs ? prefs.languagePreference + ' / ' + prefs.audioPreference : 'なし';
        return lrs('GET', 'activities/state', state('bookmark'));
      })
      .then(function (r) { return r.status === 200 ? r.json() : null; })
      .then(function (bookmark) {
        if (bookmark) page = bookmark.page;
        document.getElementById('resumed').textContent = bookmark ? '前回の続き（' + bookmark.page + 'ページ）から' : '最初から';
        return send('http://adlnet.gov/expapi/verbs/initialized', {});
      })
      .then(function () {
        show();
        document.getElementById('next').disabled = false;
      })
      .catch(function (error) { log('error: ' + error.message); });
  }
  function next() {
    if (page < 3) {
      page += 1;
      show();
      lrs('PUT', 'activities/state', state('bookmark'), { page: page }).then(function (r) { log('bookmark ' + page + ': ' + r.status); });
      return;
    }
    document.getElementById('next').disabled = true;
    var judged = launchData.launchMode === 'Normal'
      ? send('http://adlnet.gov/expapi/verbs/completed', { result: { completion: true, duration: duration() } }, true)
        .then(function () {
          return send('http://adlnet.gov/expapi/verbs/passed', { result: { success: true, score: { scaled: 0.9 }, duration: duration() } }, true);
        })
      : Promise.resolve();
    judged
      .then(function () { return send('http://adlnet.gov/expapi/verbs/terminated', { result: { duration: duration() } }); })
      .then(function () {
        document.getElementById('done').textContent = '修了しました';
        if (launchData.returnURL) setTimeout(function () { location.href = launchData.returnURL; }, 1000);
      })
      .catch(function (error) { log('error: ' + error.message); });
  }
  window.addEventListener('load', function () {
    document.getElementById('next').addEventListener('click', next);
    start();
  });
})();
`;

export const CMI5_INDEX_HTML = `<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><title>ハラスメントとは</title><script src="au.js"></script></head>
<body>
<main>
<h1>ハラスメントとは</h1>
<p>ページ <span id="page">-</span> / 3</p>
<p>起動: <span id="mode"></span> <span id="resumed"></span></p>
<p>設定: <span id="prefs"></span></p>
<button id="next" type="button" disabled>次へ</button>
<p id="done"></p>
<ol id="log"></ol>
</main>
</body></html>`;

export function cmi5Package(aus?: Cmi5AuSpec[], files: Record<string, string> = {}): Promise<Buffer> {
  return zipOf({ 'cmi5.xml': cmi5Xml(aus), 'index.html': CMI5_INDEX_HTML, 'au.js': CMI5_AU_JS, ...files });
}
