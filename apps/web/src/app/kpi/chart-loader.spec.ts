import { TestBed } from '@angular/core/testing';
import { ChartLoader } from './chart-loader';
import type { ChartSpec } from './chart-spec';

describe('ChartLoader', () => {
  it('loads chart.js on demand and draws nothing where the canvas cannot draw (jsdom)', async () => {
    const getContext = jest.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
    try {
      const render = await TestBed.inject(ChartLoader).load();
      const spec: ChartSpec = {
        type: 'bar',
        labels: ['総務部'],
        series: [{ label: '修了率', data: [50], color: '#0055a5', pattern: 'diagonal' }],
        unit: '%',
        max: 100,
      };
      expect(render(document.createElement('canvas'), spec)).toBeNull();
    } finally {
      getContext.mockRestore();
    }
  });
});
