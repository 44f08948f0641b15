from django.apps import AppConfig


class ProposerConfig(AppConfig):
    name = "annotator.proposer"
    label = "proposer"
    verbose_name = "Proposer"

    def recover(self, *, stale_before=None) -> str:
        """Free proposer work of dead workers (`core.recovery`, `proposer.recovery`)."""
        from annotator.proposer.recovery import proposals_recover  # models are not ready at import

        stats = proposals_recover(stale_before=stale_before)
        return (
            f"{stats['reclaimed']} task(s) put back in the queue, {stats['given_up']} given up after too many "
            f"attempts, {stats['requeued']} stuck article(s) queued again."
        )
