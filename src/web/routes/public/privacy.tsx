import { PublicLayout } from '../../components/public-layout';
import { retentionRules } from '../../../core/retention/periods';

/** Our own account of what this software stores and does with it. Each statement is kept by code (docs/privacy-promises.md). */
export function PrivacyPage() {
  return (
    <PublicLayout>
      <article className="prose">
        <h1>Privacy policy</h1>
        <p className="muted">Last updated 29 November 2026</p>
        <h2>Who does what</h2>
        <p>
          DialerSeat is a calling platform. For the contact lists you upload, your organisation decides what is
          collected and why; we store and process those records only to provide the service to you.
        </p>
        <h2>What we keep about you</h2>
        <ul>
          <li>Your e-mail address and name.</li>
          <li>
            Your password, only as a salted, memory-hard hash (scrypt). We cannot read it and it never appears in logs
            or exports.
          </li>
          <li>
            For each signed-in session: the IP address and browser user agent, so you can review and sign out devices.
          </li>
          <li>
            Security events (sign-ins, failed sign-ins, password and role changes) with time, IP address and user agent.
          </li>
          <li>
            If your team calls through a telephone carrier: the phone number you give the dialer to ring for your calls.
          </li>
          <li>
            If billing is on: the payment processor’s customer id, your subscription status, and the card brand, last
            four digits and expiry for display. Card numbers never reach us.
          </li>
        </ul>
        <h2>What you store in DialerSeat</h2>
        <ul>
          <li>Leads: names, phone numbers, e-mail and postal addresses, and any extra columns of your CSV files.</li>
          <li>
            Calls: the number dialed, the caller ID used, the agent, start time, duration, disposition, notes, the
            calling-hours decision and the recording.
          </li>
        </ul>
        <p>
          You must have a lawful basis to call the people on your lists. DialerSeat blocks calls outside the calling
          hours it knows about; consent and do-not-call compliance remain yours.
        </p>
        <h2>How long we keep it</h2>
        <table className="table">
          <caption className="sr-only">Retention periods</caption>
          <thead>
            <tr>
              <th scope="col">Data</th>
              <th scope="col">Kept for</th>
            </tr>
          </thead>
          <tbody>
            {retentionRules.map((r) => (
              <tr key={r.kind}>
                <td>{r.title}</td>
                <td>
                  {r.label}
                  {r.note && <p className="muted small">{r.note}</p>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <p>
          If your subscription lapses we keep everything so you can come back, and you can still read and export it in
          the meantime.
        </p>
        <h2>Who can see it</h2>
        <p>
          Only the members of your team, according to their role. Agents see what they need to call; owners and admins
          manage members, settings and the security log.
        </p>
        <h2>Service providers</h2>
        <p>Depending on how this installation is configured, these providers receive the minimum they need:</p>
        <ul>
          <li>Telephony (SignalWire): the numbers involved in each call, and the call recordings.</li>
          <li>Payments (Stripe): billing contact and payment details, entered directly on Stripe’s pages.</li>
          <li>
            Error monitoring (Sentry): stack traces with phone numbers, e-mail addresses, tokens, cookies and request
            bodies removed before sending.
          </li>
          <li>
            E-mail delivery: the recipient address and message of invitations, password resets and billing notices.
          </li>
        </ul>
        <p>We do not sell data, share it with advertisers, or use your leads or recordings to train models.</p>
        <h2>Cookies and tracking</h2>
        <p>
          One cookie keeps you signed in; it cannot be read by page scripts. Preferences such as the collapsed sidebar
          or the last campaign you chose are kept in your browser’s local storage. Pages load nothing from other sites:
          no analytics, ad pixels or third-party fonts. We count page views and feature use per day on our server, with
          no user, team or IP attached.
        </p>
        <h2>Your rights</h2>
        <ul>
          <li>Access and portability: export your team’s leads and calls as CSV from the app.</li>
          <li>Correction: edit your profile and your leads at any time.</li>
          <li>
            Deletion: delete your account or your whole team from settings; billing records stay as tax law requires.
          </li>
        </ul>
        <p>For anything else write to privacy@dialerseat.com; we answer within 30 days.</p>
        <h2>Children</h2>
        <p>DialerSeat is for business use by people aged 16 or older; sign-up asks you to confirm that.</p>
        <h2>Changes</h2>
        <p>
          We announce material changes by e-mail at least 30 days before they take effect, and show the date of the
          current version at the foot of every page.
        </p>
      </article>
    </PublicLayout>
  );
}
