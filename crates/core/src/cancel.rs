//! A cancellation token the app's "Stop" button (or the CLI's Ctrl-C) fires. The engine only
//! stops *between* calls — a call that has left is always waited for and journaled — so a
//! cancelled job is simply an incomplete one that `resume` continues.

use std::time::Instant;
use tokio::sync::watch;

/// Returned when the token fired while waiting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cancelled;

#[derive(Clone)]
pub struct CancelToken {
    tx: std::sync::Arc<watch::Sender<bool>>,
}

impl Default for CancelToken {
    fn default() -> Self {
        CancelToken::new()
    }
}

impl CancelToken {
    pub fn new() -> CancelToken {
        CancelToken {
            tx: std::sync::Arc::new(watch::Sender::new(false)),
        }
    }

    /// Asks the engine to stop at the next gap between calls.
    pub fn cancel(&self) {
        self.tx.send_replace(true);
    }

    pub fn is_cancelled(&self) -> bool {
        *self.tx.borrow()
    }

    /// Sleeps until `at`, or returns [`Cancelled`] as soon as the token fires.
    pub async fn sleep_until(&self, at: Instant) -> Result<(), Cancelled> {
        let mut rx = self.tx.subscribe();
        if *rx.borrow_and_update() {
            return Err(Cancelled);
        }
        tokio::select! {
            _ = tokio::time::sleep_until(at.into()) => {
                if self.is_cancelled() { Err(Cancelled) } else { Ok(()) }
            }
            _ = rx.wait_for(|c| *c) => Err(Cancelled),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[tokio::test]
    async fn cancel_wakes_a_sleeper() {
        let t = CancelToken::new();
        let t2 = t.clone();
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(20)).await;
            t2.cancel();
        });
        let r = t
            .sleep_until(Instant::now() + Duration::from_secs(30))
            .await;
        assert_eq!(r, Err(Cancelled));
    }

    #[tokio::test]
    async fn uncancelled_sleep_completes() {
        let t = CancelToken::new();
        assert_eq!(
            t.sleep_until(Instant::now() + Duration::from_millis(5))
                .await,
            Ok(())
        );
    }
}
