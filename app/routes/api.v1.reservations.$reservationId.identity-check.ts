// POST /api/v1/reservations/{id}/identity-check {documentType, issuingCountry, number}:
// the front desk records that it checked the guest's identity document.
import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { apiHandler, json, problem, onlyMethods } from "~/api/problem.server";
import { readJsonBody, requireApiPermission } from "~/api/request.server";
import { actorFor } from "~/booking/access.server";
import { staffCovers } from "~/auth/session.server";
import { DOCUMENT_TYPES, propertyOfReservation, recordIdentityCheck } from "~/privacy/rights.server";

const body = z.strictObject({
  documentType: z.enum(DOCUMENT_TYPES),
  issuingCountry: z.string().regex(/^[A-Za-z]{2}$/, "validation.countryCode"),
  number: z.string().trim().min(2).max(40),
});

export const loader = onlyMethods(["POST"]);

export const action = ({ request, params }: ActionFunctionArgs) =>
  apiHandler(request, async () => {
    const auth = await requireApiPermission(request, "guest:identity_check");
    const { account } = auth;
    const id = z.uuid().safeParse(params.reservationId);
    const propertyId = id.success ? await propertyOfReservation(id.data) : undefined;
    if (!id.success || !propertyId || !staffCovers(account, propertyId)) {
      return problem({ status: 404, code: "reservation_not_found" });
    }
    const input = body.parse(await readJsonBody(request));
    const check = await recordIdentityCheck(
      { ...input, reservationId: id.data, checkedBy: account.id },
      actorFor(auth),
    );
    return json(
      { identityCheck: { ...check, checkedBy: account.id, documentType: input.documentType } },
      { status: 201 },
    );
  });
