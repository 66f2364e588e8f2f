//! Quizzes over the question bank: practice by service with immediate feedback, timed exams that
//! show nothing until they are submitted, review of wrong answers, and spaced repetition.

pub mod exam;
pub mod feedback;
pub mod leitner;
pub mod queue;

pub use exam::{Exam, ExamConfig, ExamError, ExamResult};
pub use feedback::Feedback;
pub use leitner::Card;
pub use queue::{Practice, QueueKind};
