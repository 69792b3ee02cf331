// Asking before something that cannot be undone. Without JavaScript it is a
// link to a confirmation page; once the page is live, the same question opens
// in a react-aria modal dialog (focus trapped inside, Escape closes it, focus
// returns to the button) and the answer posts the same form.
import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { Button as AriaButton, Dialog, DialogTrigger, Heading, Modal, ModalOverlay } from "react-aria-components";
import { Alert, Button } from "./form";
import { useHydrated } from "./hydrated";

type Props = {
  trigger: string;
  title: string;
  body: ReactNode;
  confirm: string;
  keep: string;
  /** Where the answer is posted, and the confirmation page without JavaScript. */
  action: string;
};

const triggerClass = "inline-block min-h-11 rounded border border-red-800 bg-white px-5 py-2 font-medium text-red-800";

/** The same question as a page of its own, for browsers without JavaScript: the answer posts to this page. */
export function ConfirmPage({
  title,
  body,
  confirm,
  keep,
  keepHref,
  problems = [],
}: Pick<Props, "title" | "body" | "confirm" | "keep"> & {
  keepHref: string;
  /** Why the answer could not be carried out, translated. */
  problems?: string[];
}) {
  return (
    <main id="main" className="mx-auto max-w-xl p-6">
      <h1 className="text-3xl font-semibold">{title}</h1>
      {problems.length > 0 && (
        <div className="mt-4">
          <Alert>{problems.join(" ")}</Alert>
        </div>
      )}
      <div className="mt-4">{body}</div>
      <div className="mt-6 flex flex-wrap gap-4">
        <Form method="post">
          <Button>{confirm}</Button>
        </Form>
        <a
          className="inline-block min-h-11 rounded border border-stone-500 bg-white px-5 py-2 font-medium"
          href={keepHref}
        >
          {keep}
        </a>
      </div>
    </main>
  );
}

export function ConfirmDialog({ trigger, title, body, confirm, keep, action }: Props) {
  const hydrated = useHydrated();
  if (!hydrated) {
    return (
      <a className={triggerClass} href={action}>
        {trigger}
      </a>
    );
  }
  return (
    <DialogTrigger>
      <AriaButton className={triggerClass}>{trigger}</AriaButton>
      <ModalOverlay isDismissable className="fixed inset-0 z-10 flex items-center justify-center bg-black/50 p-4">
        <Modal className="w-full max-w-md rounded-lg bg-white p-6 shadow-xl">
          <Dialog role="alertdialog" className="outline-none">
            {({ close }) => (
              <>
                <Heading slot="title" className="text-xl font-semibold">
                  {title}
                </Heading>
                <div className="mt-3">{body}</div>
                <div className="mt-6 flex flex-wrap gap-3">
                  <Form method="post" action={action}>
                    <Button>{confirm}</Button>
                  </Form>
                  <AriaButton
                    onPress={close}
                    className="min-h-11 rounded border border-stone-500 bg-white px-5 py-2 font-medium"
                  >
                    {keep}
                  </AriaButton>
                </div>
              </>
            )}
          </Dialog>
        </Modal>
      </ModalOverlay>
    </DialogTrigger>
  );
}
