// The limiter is the use-cases' own (src/app); routes and middleware use the same one.
export { enforceRateLimits } from '../../app/enforce-rate-limits';
