import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { binaryFileCheck, binaryFileEntries, type BinaryBodySpec } from "../../../http/binary-body";
import { IMAGE_MAGIC } from "../../../schemas";
import { ATTACHMENT_MAX_BYTES, id } from "../fields";
import { solo } from "../vendor";

/**
 * POST /qapi/v1/appointments/{appointmentId}/attachments{?fileName}: the file itself is the body,
 * with its own Content-Type ("Content-Type: application/pdf … Body (binary file)"), not multipart.
 * At most 5 MiB ("Max file size: 5Mb") of the five documented mime types, each checked against the
 * file's magic number. Our route takes the raw file with its Content-Type (`?fileName=` optional),
 * or JSON `{contentType, content: base64, fileName?}`. Through API Gateway the raw body travels
 * base64-encoded inside a 6 MB payload, so about 4.4 MiB is the largest file that gets through.
 */
const PDF = IMAGE_MAGIC.pdf!;
export const attachmentFile = {
  contentField: "content",
  typeField: "contentType",
  mediaTypes: { "application/pdf": PDF, "application/x-pdf": PDF, "image/pdf": PDF, "image/png": IMAGE_MAGIC.png!, "image/jpeg": IMAGE_MAGIC.jpeg! },
  maxBytes: ATTACHMENT_MAX_BYTES,
} as const satisfies BinaryBodySpec;

const fileName = v.pipe(v.string(), v.regex(/^[^/\\\u0000-\u001f]{1,200}$/, "must be a file name of 1 to 200 characters without path separators"));

export const uploadAppointmentAttachment = defineOperation({
  vendor: solo,
  name: "uploadAppointmentAttachment",
  summary: "Attach a PDF, PNG or JPEG file to an appointment",
  kind: "write",
  pacingClass: "default",
  route: { method: "POST", path: "/appointments/{appointmentId}/attachments" },
  request: { method: "POST", path: "/appointments/{input.appointmentId}/attachments", contentType: "application/json", query: ["fileName"], binaryBody: attachmentFile },
  input: v.pipe(v.strictObject({ appointmentId: id, fileName: v.optional(fileName), ...binaryFileEntries(attachmentFile) }), binaryFileCheck(attachmentFile)),
  example: { appointmentId: "1", fileName: "scan.pdf", contentType: "application/pdf", content: "JVBERi0xLjQKJcTl8uXrCg==" },
});
