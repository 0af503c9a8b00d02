import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../api';
import { PublicLayout } from '../../components/public-layout';

type Plan = { id: string; name: string; weeklyPriceCents: number; features: string[] };
type PlansResponse = { billingEnabled: boolean; plans: Plan[] };

const money = (cents: number) => `$${(cents / 100).toFixed(2)}`;

export function PricingPage() {
  const [data, setData] = useState<PlansResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api<PlansResponse>('GET', '/api/public/plans').then(setData, (e: Error) => setError(e.message));
  }, []);
  return (
    <PublicLayout>
      <h1>Simple weekly pricing, per seat</h1>
      <p className="lead">
        Every plan includes the whole product. Pay for the agents who dial; cancel any week and keep your data.
      </p>
      {error && <p role="alert">{error}</p>}
      {!data && !error && <p aria-live="polite">Loading plans…</p>}
      {data && (
        <div className="plans">
          {data.plans.map((p) => (
            <article key={p.id} className="plan" aria-labelledby={`plan-${p.id}`}>
              <h2 id={`plan-${p.id}`}>{p.name}</h2>
              <p className="plan__price">
                <strong>{money(p.weeklyPriceCents)}</strong> per seat / week
              </p>
              <ul>
                {p.features.map((f) => (
                  <li key={f}>{f}</li>
                ))}
              </ul>
              <Link className="btn btn--primary" to="/sign-up">
                Start with {p.name}
              </Link>
            </article>
          ))}
        </div>
      )}
      {data && !data.billingEnabled && (
        <p className="muted">This installation is self-hosted: billing is off and every feature is available.</p>
      )}
    </PublicLayout>
  );
}
