import { secureHeaders } from 'hono/secure-headers';

/**
 * Strict headers; the CSP names no third-party origin at all (privacy promise: no trackers), with one exception:
 * on SignalWire, `connectSources` opens connect-src to the relay and REST host the browser leg's SDK talks to
 * (decision 0024). On the simulator it is empty and the policy is the default one.
 */
export function securityHeaders(isProduction: boolean, connectSources: readonly string[] = []) {
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: ["'self'"],
      connectSrc: ["'self'", ...connectSources],
      mediaSrc: ["'self'", 'blob:'],
      objectSrc: ["'none'"],
      frameAncestors: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      ...(isProduction ? { upgradeInsecureRequests: [] } : {}),
    },
    strictTransportSecurity: isProduction ? 'max-age=31536000; includeSubDomains' : false,
    // Agrees with frame-ancestors 'none' for browsers that only know the older header.
    xFrameOptions: 'DENY',
    referrerPolicy: 'strict-origin-when-cross-origin',
    crossOriginEmbedderPolicy: false,
    permissionsPolicy: { camera: [], geolocation: [], microphone: ['self'] },
  });
}
