export * from './auth';
export * from './teams';
export * from './leads';
export * from './billing';
export * from './privacy';
export * from './dialer';
export * from './calls';
export * from './exports';
