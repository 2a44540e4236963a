/**
 * Canvas charts on uPlot (bundled, no CDN). Each chart follows its container's width (ResizeObserver), takes
 * its colours from the theme at draw time and is rebuilt when the theme changes. uPlot draws without
 * animation, so prefers-reduced-motion needs nothing here. The canvas is an image to assistive technology:
 * every chart has an aria-label, and the views put the same numbers in text or a table beside it.
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { chartColours, onThemeChange, type ChartColours } from './theme';

export type ChartColour = 'blue' | 'orange' | 'green' | 'purple' | 'red' | 'yellow';

export interface ChartSeries {
  label: string;
  colour: ChartColour;
  /** One value per label; null leaves a gap ("not enough data"). */
  values: Array<number | null>;
}

export interface ChartSpec {
  /** `stacked`: bars whose series are stacked in the given order, first at the bottom. */
  kind: 'bars' | 'stacked' | 'line';
  labels: string[];
  series: ChartSeries[];
  height: number;
  ariaLabel: string;
  formatValue: (value: number) => string;
}

export interface ChartHandle {
  readonly root: HTMLElement;
  destroy(): void;
}

/** For a stacked chart: running totals, drawn tallest first so each lower series paints over the one above. */
function stackedSeries(series: ChartSeries[]): ChartSeries[] {
  const running = series[0]?.values.map(() => 0) ?? [];
  const cumulative = series.map((s) => ({ ...s, values: s.values.map((value, index) => (running[index] += value ?? 0)) }));
  return cumulative.reverse();
}

function options(spec: ChartSpec, width: number, colours: ChartColours): uPlot.Options {
  const drawn = spec.kind === 'stacked' ? stackedSeries(spec.series) : spec.series;
  const bars = uPlot.paths.bars?.({ size: [0.7, 48], align: 0 });
  const axisFont = `11px ${getComputedStyle(document.body).fontFamily || 'sans-serif'}`;
  const strokeWidth = colours.highContrast ? 2 : 1;
  return {
    width,
    height: spec.height,
    legend: { show: false },
    cursor: { show: false },
    select: { show: false, left: 0, top: 0, width: 0, height: 0 },
    scales: { x: { time: false, range: (_u, min, max) => [min - 0.5, max + 0.5] }, y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] } },
    axes: [
      {
        stroke: colours.foreground,
        font: axisFont,
        grid: { show: false },
        ticks: { stroke: colours.grid, width: strokeWidth },
        splits: () => spec.labels.map((_, index) => index),
        values: (_u, splits) => {
          // Thin the labels so they never overlap at narrow widths.
          const every = Math.max(1, Math.ceil(spec.labels.length / Math.max(1, Math.floor(width / 56))));
          return splits.map((split) => (split % every === (spec.labels.length - 1) % every ? (spec.labels[split] ?? '') : ''));
        },
      },
      {
        stroke: colours.foreground,
        font: axisFont,
        // As wide as its widest label ("60,000", "$12.5"), so no label is clipped at the chart's left edge.
        size: (_u, values) => valueAxisWidth(values ?? [], axisFont),
        grid: { stroke: colours.grid, width: strokeWidth },
        ticks: { stroke: colours.grid, width: strokeWidth },
        values: (_u, splits) => splits.map((value) => spec.formatValue(value)),
      },
    ],
    series: [
      {},
      ...drawn.map((s): uPlot.Series => {
        const colour = colours[s.colour];
        return spec.kind === 'line'
          ? { label: s.label, stroke: colour, width: 2, points: { show: true, size: 6, fill: colour, stroke: colour }, spanGaps: false }
          : { label: s.label, stroke: colours.highContrast ? colours.foreground : colour, width: colours.highContrast ? 1 : 0, fill: colour, paths: bars, points: { show: false } };
      }),
    ],
  };
}

function data(spec: ChartSpec): uPlot.AlignedData {
  const drawn = spec.kind === 'stacked' ? stackedSeries(spec.series) : spec.series;
  // A zero-height bar would still be stroked as a line on the axis (visible in high contrast): draw nothing.
  const values = (s: ChartSeries): Array<number | null> => (spec.kind === 'line' ? s.values : s.values.map((value) => (value === 0 ? null : value)));
  return [spec.labels.map((_, index) => index), ...drawn.map(values)];
}

/** Tick length plus the gaps on both sides of a value axis label, in CSS pixels. */
const VALUE_AXIS_PADDING = 18;
const VALUE_AXIS_MIN_WIDTH = 36;
let measuring: CanvasRenderingContext2D | null | undefined;

/** Width of a value axis whose labels are `labels`, drawn in `font`. */
function valueAxisWidth(labels: readonly string[], font: string): number {
  measuring ??= document.createElement('canvas').getContext('2d');
  if (!measuring) return 52;
  measuring.font = font;
  const widest = labels.reduce((max, label) => Math.max(max, measuring!.measureText(label).width), 0);
  return Math.max(VALUE_AXIS_MIN_WIDTH, Math.ceil(widest + VALUE_AXIS_PADDING));
}

/** Draws `spec` into a new element appended to `container`, and keeps it sized and themed until destroyed. */
export function mountChart(container: HTMLElement, spec: ChartSpec): ChartHandle {
  const root = document.createElement('div');
  root.className = 'chart';
  root.setAttribute('role', 'img');
  root.setAttribute('aria-label', spec.ariaLabel);
  container.append(root);

  const width = (): number => Math.max(160, Math.floor(root.clientWidth || container.clientWidth || 300));
  let plot = new uPlot(options(spec, width(), chartColours()), data(spec), root);

  const rebuild = (): void => {
    plot.destroy();
    plot = new uPlot(options(spec, width(), chartColours()), data(spec), root);
  };
  const unsubscribeTheme = onThemeChange(rebuild);
  let lastWidth = width();
  const resizeObserver = new ResizeObserver(() => {
    const next = width();
    if (next === lastWidth) return;
    lastWidth = next;
    // Axis label thinning depends on the width, so rebuild rather than only resize.
    rebuild();
  });
  resizeObserver.observe(root);

  return {
    root,
    destroy() {
      resizeObserver.disconnect();
      unsubscribeTheme();
      plot.destroy();
      root.remove();
    },
  };
}

/** A colour swatch legend for a chart ("■ Input ■ Output …"). */
export function chartLegend(series: ReadonlyArray<Pick<ChartSeries, 'label' | 'colour'>>): HTMLElement {
  const legend = document.createElement('ul');
  legend.className = 'chart-legend';
  for (const s of series) {
    const item = document.createElement('li');
    const swatch = document.createElement('span');
    swatch.className = `swatch swatch-${s.colour}`;
    swatch.setAttribute('aria-hidden', 'true');
    item.append(swatch, document.createTextNode(s.label));
    legend.append(item);
  }
  return legend;
}
