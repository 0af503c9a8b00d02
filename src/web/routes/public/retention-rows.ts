// Replaced by the rows rendered from src/core/retention once that module lands.
export const retentionRows = [
  { label: 'Call recordings', period: '30 days after the call, then deleted automatically' },
  { label: 'Security events and error logs', period: '90 days' },
  { label: 'Data exports', period: '7 days' },
  { label: 'Invoices and billing records', period: '7 years (tax law)' },
  { label: 'Account, lead and call data', period: 'While your account exists, including through a lapse; deleted when you ask' },
];
