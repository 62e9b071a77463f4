import { oauthCallback, oauthStart } from "../../auth/authorization-code";
import { healthdockOAuth } from "./vendor";

/** `GET /v1/healthdock/oauth/start` and `/callback` (auth/authorization-code.ts). */
export const healthdockOAuthStart = oauthStart(healthdockOAuth);
export const healthdockOAuthCallback = oauthCallback(healthdockOAuth);
