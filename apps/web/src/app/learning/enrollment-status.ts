// What the learner's pages show beside the status (its wording and order are those of @dx/domain).
import type { ModuleKindName } from '@dx/contract';

/** 0..1 (as the API sends it) → a whole percentage from 0 to 100. */
export function progressPercent(progress: number | null | undefined): number {
  if (typeof progress !== 'number' || !Number.isFinite(progress)) return 0;
  return Math.round(Math.min(1, Math.max(0, progress)) * 100);
}

export const MODULE_KIND_LABELS: Record<ModuleKindName, string> = {
  lesson: '教材',
  quiz: '確認テスト',
  external: '外部講座',
  live: '集合研修',
  assignment: '課題',
  package: 'eラーニング',
};
