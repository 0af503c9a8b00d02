import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { api, ApiError } from '../../api';
import { Field, FormError, Notice, SubmitButton } from '../../components/form';
import {
  formatDate,
  formatDateTime,
  formatMoney,
  liveStatuses,
  statusLabel,
  type BillingOverview,
} from '../../features/billing/billing-api';
import { useTeam } from '../../team';
import { useLoad } from '../../use-load';

const MAX_SEATS = 500;
/** After Checkout, ask the server (which re-reads Stripe) this often, this many times, before giving up. */
const CONFIRM_EVERY_MS = 2_000;
const CONFIRM_ATTEMPTS = 30;

function SelfHosted() {
  return (
    <section className="card billing-off" aria-labelledby="billing-off-title">
      <h2 id="billing-off-title">Billing is off on this instance</h2>
      <p>
        This DialerSeat runs self-hosted without a payment provider, so every feature is included: dialing, imports and
        recordings are never blocked, and any number of agents can be Ready at once.
      </p>
      <p className="muted">
        An operator turns billing on by setting both <code>STRIPE_SECRET_KEY</code> and{' '}
        <code>STRIPE_WEBHOOK_SECRET</code>.
      </p>
    </section>
  );
}

export function BillingPage() {
  const team = useTeam();
  const owner = team.role === 'owner';
  const [params, setParams] = useSearchParams();
  const returning = params.get('checkout');
  const [data, setData] = useState<BillingOverview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(
    returning === 'canceled' ? 'Checkout was canceled; nothing was charged.' : null,
  );
  const [confirming, setConfirming] = useState(returning === 'success');
  const [planId, setPlanId] = useState('');
  const [seats, setSeats] = useState('1');
  const [seatsError, setSeatsError] = useState<string | undefined>();
  const [busy, setBusy] = useState<'checkout' | 'portal' | null>(null);
  const base = `/api/teams/${team.id}/billing`;

  const load = useCallback(async () => {
    const o = await api<BillingOverview>('GET', base);
    setData(o);
    setPlanId((p) => p || o.plans[0]?.id || '');
    return o;
  }, [base]);

  useLoad(
    useCallback(
      () => load().catch((e: unknown) => setError(e instanceof Error ? e.message : 'Could not load billing')),
      [load],
    ),
  );

  // Back from Checkout: the webhook usually lands within seconds; until then the server re-reads Stripe.
  useEffect(() => {
    if (returning === 'canceled') {
      // The notice was set from the address; the address is cleaned so a reload does not say it again.
      setParams({}, { replace: true });
      return;
    }
    if (returning !== 'success') return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async (attempt: number) => {
      try {
        const o = await load();
        if (stopped) return;
        if (o.subscription && liveStatuses.has(o.subscription.status)) {
          setConfirming(false);
          setNotice('Payment confirmed — your subscription is active.');
          setParams({}, { replace: true });
          return;
        }
      } catch (e) {
        if (stopped) return;
        setError(e instanceof Error ? e.message : 'Could not confirm the payment');
      }
      if (attempt + 1 >= CONFIRM_ATTEMPTS) {
        setConfirming(false);
        setNotice(
          'Stripe has not confirmed the payment yet. It usually takes a moment — reload this page in a minute.',
        );
        return;
      }
      timer = setTimeout(() => void poll(attempt + 1), CONFIRM_EVERY_MS);
    };
    void poll(0);
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [returning, load, setParams]);

  async function subscribe(e: FormEvent) {
    e.preventDefault();
    const n = Number(seats);
    if (!Number.isInteger(n) || n < 1 || n > MAX_SEATS)
      return setSeatsError(`Enter a whole number from 1 to ${MAX_SEATS}`);
    setBusy('checkout');
    setError(null);
    try {
      const { url } = await api<{ url: string }>('POST', `${base}/checkout`, { planId, seats: n });
      window.location.assign(url);
    } catch (err) {
      if (err instanceof ApiError && err.fields.seats) setSeatsError(err.fields.seats);
      else setError(err instanceof Error ? err.message : 'Could not start checkout');
      setBusy(null);
    }
  }

  async function manage() {
    setBusy('portal');
    setError(null);
    try {
      const { url } = await api<{ url: string }>('POST', `${base}/portal`);
      window.location.assign(url);
    } catch (err) {
      setError(err instanceof Error ? err.message : 'Could not open the billing portal');
      setBusy(null);
    }
  }

  if (!data) {
    return (
      <>
        <h1>Billing</h1>
        <FormError message={error} />
        {!error && <p aria-live="polite">Loading billing…</p>}
      </>
    );
  }
  if (!data.billingEnabled) {
    return (
      <>
        <h1>Billing</h1>
        <SelfHosted />
      </>
    );
  }

  const sub = data.subscription;
  const live = !!sub && liveStatuses.has(sub.status);
  const plan = data.plans.find((p) => p.id === planId);
  const seatCount = Number(seats);
  const total = plan && Number.isInteger(seatCount) && seatCount > 0 ? plan.weeklyPriceCents * seatCount : null;

  return (
    <>
      <h1>Billing</h1>
      <FormError message={error} />
      {notice && <Notice>{notice}</Notice>}
      {confirming && (
        <p className="alert alert--info" role="status" aria-live="polite">
          Confirming payment…
        </p>
      )}

      {sub && (
        <section className="card billing-summary" aria-labelledby="subscription-title">
          <h2 id="subscription-title">Subscription</h2>
          <dl className="facts">
            <dt>Status</dt>
            <dd>
              <span className={`badge badge--${sub.status}`}>{statusLabel[sub.status] ?? sub.status}</span>
            </dd>
            <dt>Plan</dt>
            <dd>{sub.planName ?? 'A plan no longer offered'}</dd>
            <dt>Seats</dt>
            <dd>
              {sub.seats}
              {sub.weeklyTotalCents !== null && (
                <span className="muted"> · {formatMoney(sub.weeklyTotalCents)}/week</span>
              )}
            </dd>
            {sub.currentPeriodEnd && live && (
              <>
                <dt>{sub.cancelAtPeriodEnd ? 'Ends on' : 'Renews on'}</dt>
                <dd>{formatDate(sub.currentPeriodEnd)}</dd>
              </>
            )}
            {sub.graceEndsAt && (
              <>
                <dt>Grace period ends</dt>
                <dd>{formatDateTime(sub.graceEndsAt)}</dd>
              </>
            )}
            <dt>Card</dt>
            <dd>
              {sub.card
                ? `${sub.card.brand.toUpperCase()} ending in ${sub.card.last4}, expires ${String(sub.card.expMonth).padStart(2, '0')}/${sub.card.expYear}`
                : 'None on file'}
            </dd>
          </dl>
          {owner && data.canManage && (
            <button
              className="btn btn--primary"
              onClick={manage}
              disabled={busy !== null}
              aria-busy={busy === 'portal' || undefined}
            >
              {busy === 'portal' ? 'Opening…' : 'Manage billing'}
            </button>
          )}
          {owner && data.canManage && (
            <p className="muted small">
              Change seats, update the card, download invoices or cancel in Stripe's secure portal.
            </p>
          )}
        </section>
      )}

      {!live &&
        (owner ? (
          <form className="card plan-picker" onSubmit={subscribe} aria-labelledby="plan-title" noValidate>
            <h2 id="plan-title">{sub ? 'Resubscribe' : 'Choose a plan'}</h2>
            {sub && (
              <p>
                All your leads, calls and settings are still here; subscribing again turns dialing and imports back on.
              </p>
            )}
            <fieldset className="plan-picker__plans">
              <legend className="sr-only">Plan</legend>
              {data.plans.map((p) => (
                <label key={p.id} className={`plan-option${p.id === planId ? ' plan-option--selected' : ''}`}>
                  <input
                    type="radio"
                    name="plan"
                    value={p.id}
                    checked={p.id === planId}
                    onChange={() => setPlanId(p.id)}
                  />
                  <span>
                    <strong>{p.name}</strong> — {formatMoney(p.weeklyPriceCents)} per seat / week
                    {p.features.length > 0 && <span className="muted small"> · {p.features.join(' · ')}</span>}
                  </span>
                </label>
              ))}
            </fieldset>
            <Field
              label="Seats (agents who can be Ready at the same time)"
              type="number"
              min={1}
              max={MAX_SEATS}
              step={1}
              inputMode="numeric"
              value={seats}
              onChange={(e) => (setSeats(e.target.value), setSeatsError(undefined))}
              error={seatsError}
            />
            <p className="plan-picker__total" aria-live="polite">
              {total !== null ? (
                <>
                  <strong>{formatMoney(total)}</strong> per week for {seatCount} seat{seatCount === 1 ? '' : 's'}
                </>
              ) : (
                'Enter a number of seats to see the weekly total'
              )}
            </p>
            <SubmitButton busy={busy === 'checkout'} disabled={!plan || busy !== null}>
              Subscribe
            </SubmitButton>
            <p className="muted small">You pay in Stripe Checkout; we never see or store your card number.</p>
          </form>
        ) : (
          <p className="card">Only a team owner can subscribe. Ask an owner of {team.name} to choose a plan.</p>
        ))}

      <section aria-labelledby="invoices-title">
        <h2 id="invoices-title">Invoices</h2>
        {data.invoices.length === 0 ? (
          <p className="muted">No invoices yet. They appear here after each weekly payment and are kept for 7 years.</p>
        ) : (
          <table className="table">
            <caption className="sr-only">Invoices of {team.name}</caption>
            <thead>
              <tr>
                <th scope="col">Number</th>
                <th scope="col">Date</th>
                <th scope="col">Amount</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="sr-only">Links</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {data.invoices.map((i) => (
                <tr key={i.id}>
                  <td>{i.number ?? '—'}</td>
                  <td>{formatDate(i.createdAt)}</td>
                  <td>{formatMoney(i.status === 'paid' ? i.amountPaidCents : i.amountDueCents, i.currency)}</td>
                  <td>{i.status}</td>
                  <td className="table__links">
                    {i.hostedInvoiceUrl && (
                      <a href={i.hostedInvoiceUrl} target="_blank" rel="noreferrer noopener">
                        View<span className="sr-only"> invoice {i.number}</span>
                      </a>
                    )}
                    {i.invoicePdfUrl && (
                      <a href={i.invoicePdfUrl} target="_blank" rel="noreferrer noopener">
                        PDF<span className="sr-only"> of invoice {i.number}</span>
                      </a>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
