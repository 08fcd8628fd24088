//! Plans, jobs and history: from an imported contact list to a journaled, resumable group creation.
