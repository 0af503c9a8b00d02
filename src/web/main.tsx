import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Route, Routes } from 'react-router';
import { AppShell } from './components/app-shell';
import { PublicLayout } from './components/public-layout';
import { BillingPage } from './routes/workspace/billing';
import { CallerIdsPage } from './routes/workspace/caller-ids';
import { DevMailPage } from './routes/workspace/dev-mail';
import { HomePage } from './routes/workspace/home';
import { CallLogPage, CallPage } from './routes/workspace/call-log';
import { ReportsPage } from './routes/workspace/reports';
import { FloorRoute } from './routes/workspace/floor';
import { CampaignOverviewPage } from './routes/workspace/campaign-overview';
import { CampaignCompliancePage } from './routes/workspace/campaign-compliance';
import { DialerPage } from './routes/workspace/dialer';
import { MembersPage } from './routes/workspace/members';
import { ProfilePage } from './routes/workspace/profile';
import { SecurityPage } from './routes/workspace/security';
import { SessionsPage } from './routes/workspace/sessions';
import { TeamSettingsPage } from './routes/workspace/team-settings';
import { WebhooksPage } from './routes/workspace/webhooks';
import { ApiKeysPage } from './routes/workspace/api-keys';
import { ForgotPasswordPage } from './routes/auth/forgot-password';
import { InvitePage } from './routes/auth/invite';
import { ResetPasswordPage } from './routes/auth/reset-password';
import { VerifyEmailPage } from './routes/auth/verify-email';
import { SignInPage } from './routes/auth/sign-in';
import { SignUpPage } from './routes/auth/sign-up';
import { DeletedPage } from './routes/public/deleted';
import { LandingPage } from './routes/public/landing';
import { PricingPage } from './routes/public/pricing';
import { PrivacyPage } from './routes/public/privacy';
import { TermsPage } from './routes/public/terms';
import { ApiReferencePage } from './routes/public/api-reference';
import { PolicyProvider } from './policy';
import { CampaignsPage } from './routes/workspace/campaigns';
import { CampaignEditPage } from './routes/workspace/campaign-edit';
import { DncPage } from './routes/workspace/dnc';
import { ImportPage, ImportUploadPage } from './routes/workspace/import';
import { LeadsPage } from './routes/workspace/leads';
import { LeadPage } from './routes/workspace/lead';
import { DataExportPage } from './routes/workspace/data-export';
import { OperatorPage } from './routes/workspace/operator';
import { registerServiceWorker } from './register-service-worker';
import { SessionProvider } from './session';
import './styles.css';

function NotFound() {
  return (
    <PublicLayout>
      <h1>Page not found</h1>
      <p>That address does not exist. Use the links above to find your way.</p>
    </PublicLayout>
  );
}

const inApp = (page: React.ReactNode) => <AppShell>{page}</AppShell>;

registerServiceWorker();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <SessionProvider>
      <BrowserRouter>
        <PolicyProvider>
          <Routes>
            <Route path="/" element={<LandingPage />} />
            <Route path="/pricing" element={<PricingPage />} />
            <Route path="/deleted" element={<DeletedPage />} />
            <Route path="/privacy" element={<PrivacyPage />} />
            <Route path="/terms" element={<TermsPage />} />
            <Route path="/developers/api" element={<ApiReferencePage />} />
            <Route path="/sign-up" element={<SignUpPage />} />
            <Route path="/sign-in" element={<SignInPage />} />
            <Route path="/forgot-password" element={<ForgotPasswordPage />} />
            <Route path="/reset-password" element={<ResetPasswordPage />} />
            <Route path="/verify-email" element={<VerifyEmailPage />} />
            <Route path="/invite/:token" element={<InvitePage />} />
            <Route path="/dev/mail" element={<DevMailPage />} />
            <Route path="/app" element={inApp(<HomePage />)} />
            <Route path="/app/dialer" element={inApp(<DialerPage />)} />
            <Route path="/app/campaigns" element={inApp(<CampaignsPage />)} />
            <Route path="/app/campaigns/:campaignId" element={inApp(<CampaignEditPage />)} />
            <Route path="/app/campaigns/:campaignId/import" element={inApp(<ImportUploadPage />)} />
            <Route path="/app/imports/:importId" element={inApp(<ImportPage />)} />
            <Route path="/app/leads" element={inApp(<LeadsPage />)} />
            <Route path="/app/leads/:leadId" element={inApp(<LeadPage />)} />
            <Route path="/app/dnc" element={inApp(<DncPage />)} />
            <Route path="/app/calls" element={inApp(<CallLogPage />)} />
            <Route path="/app/reports" element={inApp(<ReportsPage />)} />
            <Route path="/app/reports/:kind" element={inApp(<ReportsPage />)} />
            <Route path="/app/calls/:callId" element={inApp(<CallPage />)} />
            <Route path="/app/overview" element={inApp(<CampaignOverviewPage />)} />
            <Route path="/app/floor" element={<FloorRoute />} />
            <Route path="/app/compliance" element={inApp(<CampaignCompliancePage />)} />
            <Route path="/app/settings/profile" element={inApp(<ProfilePage />)} />
            <Route path="/app/settings/members" element={inApp(<MembersPage />)} />
            <Route path="/app/settings/team" element={inApp(<TeamSettingsPage />)} />
            <Route path="/app/settings/billing" element={inApp(<BillingPage />)} />
            <Route path="/app/settings/sessions" element={inApp(<SessionsPage />)} />
            <Route path="/app/settings/security" element={inApp(<SecurityPage />)} />
            <Route path="/app/settings/api-keys" element={inApp(<ApiKeysPage />)} />
            <Route path="/app/caller-ids" element={inApp(<CallerIdsPage />)} />
            <Route path="/app/settings/export" element={inApp(<DataExportPage />)} />
            <Route path="/app/settings/webhooks" element={inApp(<WebhooksPage />)} />
            <Route path="/app/operator" element={inApp(<OperatorPage />)} />
            <Route path="*" element={<NotFound />} />
          </Routes>
        </PolicyProvider>
      </BrowserRouter>
    </SessionProvider>
  </StrictMode>,
);
