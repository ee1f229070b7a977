import { formatNumber, monthLabel, specialistTarget } from './kpi-charts';
import { parseTargetValue } from './kpi-targets.component';

describe('KPI helpers', () => {
  it('names months and numbers as people read them', () => {
    expect(monthLabel('2026-04')).toBe('4月');
    expect(monthLabel('2027-03-31')).toBe('3月');
    expect(monthLabel('第1四半期')).toBe('第1四半期');
    expect(formatNumber(1200)).toBe('1,200');
    expect(formatNumber(12.345)).toBe('12.3');
    expect(formatNumber(null)).toBe('―');
  });

  it('finds the specialist target by key or label', () => {
    const t = (key: string, label: string) => ({
      key,
      label,
      baseline: null,
      target: 1,
      current: 0,
      unit: '人',
    });
    expect(specialistTarget([t('a', '推進員'), t('dx_specialists', '認定者')])?.key).toBe('dx_specialists');
    expect(specialistTarget([t('x', 'DX推進スペシャリスト')])?.key).toBe('x');
    expect(specialistTarget([t('x', '推進員')])).toBeUndefined();
  });

  it('reads a target value: blank is unset, full-width digits are accepted, negatives and words are not', () => {
    expect(parseTargetValue('')).toBeNull();
    expect(parseTargetValue(' ３０ ')).toBe(30);
    expect(parseTargetValue('12.5')).toBe(12.5);
    expect(parseTargetValue('-1')).toBeUndefined();
    expect(parseTargetValue('たくさん')).toBeUndefined();
  });
});
