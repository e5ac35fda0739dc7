//! The bounded pool searches run on. Tantivy searches block a thread, so each runs on tokio's
//! blocking pool (`spawn_blocking`), never on the threads that serve connections: a slow query
//! never stalls the server. Two semaphores bound it: `workers` searches run at once, and at most
//! `workers + queue` are admitted (running or waiting); one more is refused at once with 503
//! `busy`. A search that has not finished within the timeout is answered with 503 `timeout`;
//! it holds its worker until it ends, so the bound holds even then.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Semaphore;

use super::error::ApiError;
use crate::config::PoolLimits;

/// The search pool (cheap to clone: every clone shares the permits).
#[derive(Clone, Debug)]
pub struct Pool {
    admitted: Arc<Semaphore>,
    workers: Arc<Semaphore>,
    timeout: Duration,
}

impl Pool {
    /// A pool with `limits`.
    pub fn new(limits: PoolLimits) -> Pool {
        Pool {
            admitted: Arc::new(Semaphore::new(limits.workers + limits.queue)),
            workers: Arc::new(Semaphore::new(limits.workers.max(1))),
            timeout: limits.timeout,
        }
    }

    /// Runs `job` on the blocking pool when a worker is free.
    ///
    /// # Errors
    /// 503 `busy` when the pool is full, 503 `timeout` after the timeout, 500 when the job
    /// panicked; else what `job` returned.
    pub async fn run<T, F>(&self, job: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce() -> Result<T, ApiError> + Send + 'static,
    {
        let admitted =
            Arc::clone(&self.admitted).try_acquire_owned().map_err(|_| ApiError::busy())?;
        let workers = Arc::clone(&self.workers);
        let work = async move {
            let worker = workers.acquire_owned().await.map_err(|_| ApiError::busy())?;
            let task = tokio::task::spawn_blocking(move || {
                // Both permits live as long as the search, even when its answer is not awaited.
                let _permits = (admitted, worker);
                job()
            });
            task.await.map_err(|err| ApiError::internal("a search", &err))?
        };
        match tokio::time::timeout(self.timeout, work).await {
            Ok(answer) => answer,
            Err(_) => Err(ApiError::timeout(self.timeout.as_secs())),
        }
    }

    /// Starts `job` on the blocking pool when a worker is free, and returns at once: for a
    /// job that answers through a channel as it goes (a download). Its places are held until
    /// it ends; it has no timeout of its own (the caller bounds its waits on the channel).
    ///
    /// # Errors
    /// 503 `busy` when the pool is full.
    pub fn spawn<F>(&self, job: F) -> Result<(), ApiError>
    where
        F: FnOnce() + Send + 'static,
    {
        let admitted =
            Arc::clone(&self.admitted).try_acquire_owned().map_err(|_| ApiError::busy())?;
        let workers = Arc::clone(&self.workers);
        tokio::spawn(async move {
            let Ok(worker) = workers.acquire_owned().await else { return };
            // A panic ends the job; its channel closes, which its caller answers with a 500.
            let _ = tokio::task::spawn_blocking(move || {
                let _permits = (admitted, worker);
                job();
            })
            .await;
        });
        Ok(())
    }

    /// The longest a search may wait and run (and a download wait for its client).
    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// Searches admitted now (running or waiting).
    #[cfg(test)]
    fn admitted(&self, limits: PoolLimits) -> usize {
        limits.workers + limits.queue - self.admitted.available_permits()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc;

    use axum::http::StatusCode;

    use super::*;

    fn limits(workers: usize, queue: usize, timeout_ms: u64) -> PoolLimits {
        PoolLimits { workers, queue, timeout: Duration::from_millis(timeout_ms) }
    }

    /// A job that blocks until `release` is sent to, then answers `value`.
    fn blocked(
        value: u32,
    ) -> (mpsc::Sender<()>, impl FnOnce() -> Result<u32, ApiError> + Send + 'static) {
        let (release, wait) = mpsc::channel::<()>();
        (release, move || {
            let _ = wait.recv();
            Ok(value)
        })
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_full_pool_answers_busy_and_frees_its_places() {
        let limits = limits(1, 1, 60_000);
        let pool = Pool::new(limits);
        let (release_first, first) = blocked(1);
        let (release_second, second) = blocked(2);
        let running = tokio::spawn({
            let pool = pool.clone();
            async move { pool.run(first).await }
        });
        let waiting = tokio::spawn({
            let pool = pool.clone();
            async move { pool.run(second).await }
        });
        // Both admitted (one runs, one waits for the worker): the third is refused at once.
        while pool.admitted(limits) < 2 {
            tokio::task::yield_now().await;
        }
        let refused = pool.run(|| Ok(3)).await.expect_err("the pool is full");
        assert_eq!((refused.status, refused.code), (StatusCode::SERVICE_UNAVAILABLE, "busy"));

        release_first.send(()).expect("the first job waits");
        release_second.send(()).expect("the second job waits");
        assert_eq!(running.await.expect("joins"), Ok(1));
        assert_eq!(waiting.await.expect("joins"), Ok(2));
        assert_eq!(pool.run(|| Ok(4)).await, Ok(4), "places are given back");
        assert_eq!(pool.admitted(limits), 0);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_search_past_the_timeout_is_503_and_keeps_its_worker_until_it_ends() {
        let limits = limits(1, 0, 50);
        let pool = Pool::new(limits);
        let (release, job) = blocked(1);
        let late = pool.run(job).await.expect_err("never released in time");
        assert_eq!((late.status, late.code), (StatusCode::SERVICE_UNAVAILABLE, "timeout"));
        assert_eq!(pool.admitted(limits), 1, "the job still runs and holds its place");
        release.send(()).expect("the job waits");
        while pool.admitted(limits) > 0 {
            tokio::task::yield_now().await;
        }
        assert_eq!(pool.run(|| Ok(2)).await, Ok(2));
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_job_that_panics_is_a_500() {
        let pool = Pool::new(limits(1, 0, 60_000));
        let failed = pool
            .run(|| -> Result<u32, ApiError> { panic!("a bug in a search") })
            .await
            .expect_err("panicked");
        assert_eq!((failed.status, failed.code), (StatusCode::INTERNAL_SERVER_ERROR, "internal"));
        assert!(!failed.message.contains("a bug in a search"), "no detail reaches the client");
    }
}
