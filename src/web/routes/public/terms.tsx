import { PublicLayout } from '../../components/public-layout';

export function TermsPage() {
  return (
    <PublicLayout>
      <article className="prose">
        <h1>Terms of service</h1>
        <p className="muted">Last updated 29 November 2026</p>
        <h2>The service</h2>
        <p>
          DialerSeat is software for placing outbound business calls. You subscribe by the week for a number of agent
          seats and may cancel at any time; the current week is not refunded. If a payment fails you keep full use for a
          short grace period, after which dialing and imports pause while everything you stored stays readable and
          exportable.
        </p>
        <h2>Your responsibilities</h2>
        <ul>
          <li>You must have a lawful basis to call every person you upload, and honour do-not-call requests.</li>
          <li>
            You must tell callees when calls are recorded where the law requires it, and stop recording when asked.
          </li>
          <li>
            DialerSeat blocks calls outside the calling hours it knows about; that check helps you but does not replace
            legal advice.
          </li>
          <li>You are responsible for what your team members do with their access.</li>
        </ul>
        <h2>Acceptable use</h2>
        <p>
          No robocalls to people who have not agreed to them, no spoofed caller IDs you do not own, no harassment, and
          no attempts to break or overload the service.
        </p>
        <h2>Your data</h2>
        <p>
          The leads and calls you store are yours. We process them only to run the service for you; you can export them
          or delete your team at any time. See the privacy policy for details.
        </p>
        <h2>Liability</h2>
        <p>
          The service is provided as is. Our total liability for any claim is limited to what you paid us in the 12
          weeks before it arose.
        </p>
        <h2>Contact</h2>
        <p>Questions: support@dialerseat.com.</p>
      </article>
    </PublicLayout>
  );
}
