/**
 * The demo dashboard served by `npm start`: the runtime that serves this page also
 * computes its charts, over a WebSocket on the same origin.
 */
import React from 'react';
import { createRoot } from 'react-dom/client';
import { VegaFusionChart, type Selections } from '@vegafusion-ts/react';
import { flightsCrossfilter, gallery } from './specs.js';

const runtime = window.location.origin;
// The runtime that serves this page writes its token into it.
const token = document.querySelector<HTMLMetaElement>('meta[name="vegafusion-token"]')?.content || undefined;

function formatSelection(selections: Selections): string {
  const brush = selections.brush;
  if (!brush || (typeof brush === 'object' && Object.keys(brush).length === 0)) return 'no brush: drag across a histogram';
  return Object.entries(brush as Record<string, unknown>)
    .map(([field, range]) => `${field} in [${(range as number[]).map((v) => Math.round(v * 100) / 100).join(', ')}]`)
    .join(', ');
}

function App(): React.ReactElement {
  const [selection, setSelection] = React.useState('no brush: drag across a histogram');
  const [error, setError] = React.useState<string | null>(null);
  return (
    <main>
      <h1>VegaFusion TS</h1>
      <p className="lead">
        Every chart below is planned in the browser and computed by the runtime on DuckDB; the browser receives only
        the rows it draws. Open the plan report under a chart to see what moved.
      </p>
      <section className="crossfilter">
        <h2>Flights crossfilter (3,000,000 rows)</h2>
        <p id="selection" className="selection">{selection}</p>
        <VegaFusionChart
          spec={flightsCrossfilter}
          runtime={runtime}
          token={token}
          showPlanReport
          onSelection={(s) => setSelection(formatSelection(s))}
          onError={(e) => setError(e.message)}
          className="chart"
        />
      </section>
      {error ? <p className="error" role="alert">{error}</p> : null}
      <section className="gallery">
        {gallery.map((g) => (
          <figure key={g.title}>
            <figcaption>{g.title}</figcaption>
            <VegaFusionChart spec={g.spec} runtime={runtime} token={token} showPlanReport className="chart" />
          </figure>
        ))}
      </section>
    </main>
  );
}

createRoot(document.getElementById('root') as HTMLElement).render(<App />);
