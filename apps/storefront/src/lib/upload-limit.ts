/**
 * The largest request a Server Action takes (next.config's serverActions.bodySizeLimit), in MB: above the
 * services' own image limit (UPLOAD_MAX_BYTES, 5 MB by default) so that they judge a file too big. A
 * bigger file cannot reach them at all; the form says so before sending it.
 */
export const ACTION_BODY_LIMIT_MB = 10;
export const ACTION_BODY_LIMIT_BYTES = ACTION_BODY_LIMIT_MB * 1024 * 1024;
