import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import middy from "@middy/core";
import type { Context } from "aws-lambda";
import { inInvocation, rootLogger } from "./log";

/**
 * Our middleware stack for every Lambda: the logger gets the invocation's context, then resets.
 * Each invocation runs in its own logging scope, and only the first on-demand one is a cold start.
 * Its own module, so a function that needs no dependencies (openapi) loads none.
 */
export function lambda<E, R>(fn: (event: E, context: Context) => Promise<R>) {
  const handler = middy(fn).use(injectLambdaContext(rootLogger, { resetKeys: true }));
  let first = process.env.AWS_LAMBDA_INITIALIZATION_TYPE === "on-demand";
  return (event: E, context: Context): Promise<R> => {
    const coldStart = first;
    first = false;
    return inInvocation(context, coldStart, () => handler(event, context));
  };
}
