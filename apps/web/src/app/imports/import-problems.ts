import { HttpErrorResponse } from '@angular/common/http';
import type { MassCloseProblemExtension, MassLeaveProblemExtension, OrgClosingSummary } from '@dx/contract';
import { type Problem, isProblemType, toProblem } from '../shared/problem';

/** What the import page says when it refuses a file or an input, in its own words. */

export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function inputProblem(title: string, detail: string): Problem {
  return { status: 0, type: 'about:blank', title, detail, errors: [] };
}

/** The members a problem carries beyond type, title and detail (the numbers of a mass leave or close). */
export function problemBody(error: unknown): Record<string, unknown> {
  if (!(error instanceof HttpErrorResponse)) return {};
  let body: unknown = error.error;
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body);
    } catch {
      return {};
    }
  }
  return body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : {};
}

const MASS_LEAVE_CONFIRM = '大量の退職として反映することを確認しました';
const MASS_CLOSE_CONFIRM = '多数の所属の廃止として反映することを確認しました';

/**
 * The API's detail names its query parameter (allowMassLeave=true), which is for integrators; the page says the
 * same in terms of its own checkbox.
 */
export function massLeaveDetail(numbers: Partial<MassLeaveProblemExtension>): string {
  const share =
    typeof numbers.activeStaff === 'number' && typeof numbers.leaving === 'number'
      ? `在職者${numbers.activeStaff.toLocaleString('ja-JP')}人のうち${numbers.leaving.toLocaleString('ja-JP')}人（${numbers.percent ?? 0}%）`
      : '在職者の10%を超える人';
  return (
    `この名簿を反映すると、${share}が退職扱いになります。名簿の一部だけを送っていないか確認してください。` +
    `意図どおりなら「${MASS_LEAVE_CONFIRM}」にチェックを入れて、もう一度プレビューしてください。`
  );
}

export function massCloseDetail(closing: OrgClosingSummary | null): string {
  const share = closing
    ? `基準日に存在する${closing.openUnits.toLocaleString('ja-JP')}所属のうち${closing.closingUnits.toLocaleString('ja-JP')}所属（${closing.percent}%）が廃止され、` +
      `そこに配置されている${closing.placedStaff.toLocaleString('ja-JP')}人が廃止された所属に残ります。`
    : '基準日に存在する所属の10%を超える所属が廃止されます。';
  return (
    `このファイルを反映すると、${share}組織図の一部だけを送っていないか、廃止される所属の一覧で確認してください。` +
    `意図どおりなら「${MASS_CLOSE_CONFIRM}」にチェックを入れて、もう一度プレビューしてください。`
  );
}

export interface Refusal {
  problem: Problem;
  /** Too many people would leave: the page offers its confirmation checkbox. */
  massLeave: boolean;
  /** Too many units would close: the units, shown with the page's confirmation checkbox. */
  massClose: { closing: OrgClosingSummary | null } | null;
}

/** A refused upload in the page's words; a mass leave or mass close says so in terms of the page's checkboxes. */
export function refusal(error: unknown): Refusal {
  const problem = toProblem(error);
  if (problem.status === 422 && isProblemType(problem, 'mass-leave')) {
    const detail = massLeaveDetail(problemBody(error) as Partial<MassLeaveProblemExtension>);
    return { problem: { ...problem, detail }, massLeave: true, massClose: null };
  }
  if (problem.status === 422 && isProblemType(problem, 'mass-close')) {
    const closing = (problemBody(error) as Partial<MassCloseProblemExtension>).closing ?? null;
    return {
      problem: { ...problem, detail: massCloseDetail(closing) },
      massLeave: false,
      massClose: { closing },
    };
  }
  return { problem, massLeave: false, massClose: null };
}
