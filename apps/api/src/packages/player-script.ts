import type { PackageScoView, PackageStandard } from '@dx/contract';
import type { ScoState } from './package-runtime.service';

export interface PlayerSetup {
  standard: PackageStandard;
  sco: PackageScoView;
  appOrigin: string;
  learner: { id: string; name: string };
  state: ScoState | null;
}

const clock = (seconds: number): string => {
  const s = Math.max(0, Math.round(seconds));
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${String(Math.floor(s / 3600)).padStart(4, '0')}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
};

/** The SCO's starting data model (cmi.*), flattened for scorm-again's loadFromFlattenedJSON. */
export function startingCmi(setup: PlayerSetup): Record<string, string> {
  const st = setup.state;
  const resume = Boolean(st && (st.suspendData || st.location));
  const cmi: Record<string, string | null | undefined> =
    setup.standard === 'scorm12'
      ? {
          'cmi.core.student_id': setup.learner.id,
          'cmi.core.student_name': setup.learner.name,
          'cmi.core.lesson_status': st?.lessonStatus,
          'cmi.core.lesson_location': st?.location,
          'cmi.core.score.raw':
            st?.scoreRaw === null || st?.scoreRaw === undefined ? null : String(st.scoreRaw),
          'cmi.core.entry': resume ? 'resume' : 'ab-initio',
          'cmi.core.total_time': clock(st?.totalSeconds ?? 0),
          'cmi.suspend_data': st?.suspendData,
          'cmi.student_data.mastery_score':
            setup.sco.masteryScore === null ? null : String(setup.sco.masteryScore),
        }
      : {
          'cmi.learner_id': setup.learner.id,
          'cmi.learner_name': setup.learner.name,
          'cmi.completion_status': st?.completionStatus,
          'cmi.success_status': st?.successStatus,
          'cmi.location': st?.location,
          'cmi.score.scaled':
            st?.scoreScaled === null || st?.scoreScaled === undefined ? null : String(st.scoreScaled),
          'cmi.score.raw': st?.scoreRaw === null || st?.scoreRaw === undefined ? null : String(st.scoreRaw),
          'cmi.entry': resume ? 'resume' : 'ab-initio',
          'cmi.suspend_data': st?.suspendData,
          'cmi.scaled_passing_score': setup.sco.masteryScore === null ? null : String(setup.sco.masteryScore),
        };
  return Object.fromEntries(
    Object.entries(cmi).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== '',
    ),
  );
}

/**
 * The run-time API inside the content frame: scorm-again's real SCORM API (window.API / window.API_1484_11) with the
 * learner's stored data, so GetValue answers synchronously from the first call, and every change posted to the app
 * frame (the only window allowed to commit, with the learner's session). The frame has an opaque origin (sandbox
 * without allow-same-origin), so it names the app's origin as the only receiver.
 */
export function playerScript(setup: PlayerSetup): string {
  const config = {
    standard: setup.standard,
    scoId: setup.sco.id,
    appOrigin: setup.appOrigin,
    cmi: startingCmi(setup),
  };
  // JSON inside a script: '<' escaped so no string can close the element.
  const json = JSON.stringify(config)
    .replace(/</g, '\\u003c')
    .replace(/\u2028|\u2029/g, '');
  return `(function () {
  'use strict';
  var S = ${json};
  var is12 = S.standard === 'scorm12';
  var Ctor = is12 ? window.Scorm12API : window.Scorm2004API;
  if (!Ctor) return;
  var api = new Ctor({ autocommit: false, lmsCommitUrl: false, logLevel: 5, autoProgress: false });
  api.loadFromFlattenedJSON(S.cmi, '');
  var finished = false;
  var timer = null;
  function num(v) { var n = parseFloat(v); return isFinite(n) ? n : null; }
  function snapshot(final) {
    var c = api.renderCMIToJSONObject().cmi || {};
    var d;
    if (is12) {
      var core = c.core || {};
      d = { lessonStatus: core.lesson_status || undefined, location: core.lesson_location,
            scoreRaw: num(core.score && core.score.raw), suspendData: c.suspend_data,
            sessionTime: core.session_time || undefined };
      if (final) d.exit = core.exit || '';
    } else {
      d = { completionStatus: c.completion_status || undefined, successStatus: c.success_status || undefined,
            location: c.location, scoreRaw: num(c.score && c.score.raw), scoreScaled: num(c.score && c.score.scaled),
            suspendData: c.suspend_data, sessionTime: c.session_time || undefined };
      if (final) d.exit = c.exit || '';
    }
    return d;
  }
  function send(final) {
    if (timer) { clearTimeout(timer); timer = null; }
    try {
      window.parent.postMessage({ type: 'dx-scorm-commit', scoId: S.scoId, data: snapshot(final), final: final }, S.appOrigin);
    } catch (e) { /* the app frame is gone */ }
  }
  function soon() { if (!timer) timer = setTimeout(function () { send(false); }, 200); }
  api.on(is12 ? 'LMSSetValue.cmi.*' : 'SetValue.cmi.*', soon);
  api.on(is12 ? 'LMSCommit' : 'Commit', function () { send(false); });
  api.on(is12 ? 'LMSFinish' : 'Terminate', function () { finished = true; send(true); });
  window.addEventListener('pagehide', function () { if (!finished && api.isInitialized && api.isInitialized()) send(true); });
  if (is12) window.API = api; else window.API_1484_11 = api;
})();
`;
}
