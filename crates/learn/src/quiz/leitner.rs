//! Spaced repetition with Leitner boxes 1–5. A right answer moves a card up one box, a wrong one
//! sends it back to box 1; a card comes due again after its box's interval: 1, 2, 4, 8 or 16 days.
//! Times are milliseconds passed in by the caller (simulated or real).

use serde::{Deserialize, Serialize};

pub const DAY_MS: u64 = 86_400_000;
/// Days until a card in box 1..=5 is due again.
pub const INTERVAL_DAYS: [u64; 5] = [1, 2, 4, 8, 16];
pub const TOP_BOX: u8 = 5;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Card {
    /// 1 (new or just missed) to 5 (known well).
    #[serde(rename = "box")]
    pub leitner_box: u8,
    pub last_answered_ms: u64,
    pub due_ms: u64,
}

/// The wait before a card in `leitner_box` is due.
pub fn interval_ms(leitner_box: u8) -> u64 {
    INTERVAL_DAYS[(leitner_box.clamp(1, TOP_BOX) - 1) as usize] * DAY_MS
}

impl Card {
    /// The card after its first answer: a new card sits in box 1, so a right answer moves it to box 2.
    pub fn first(correct: bool, now_ms: u64) -> Card {
        Card { leitner_box: 1, last_answered_ms: now_ms, due_ms: now_ms }.answered(correct, now_ms)
    }

    /// The card after another answer.
    pub fn answered(self, correct: bool, now_ms: u64) -> Card {
        let leitner_box = if correct { (self.leitner_box + 1).min(TOP_BOX) } else { 1 };
        Card { leitner_box, last_answered_ms: now_ms, due_ms: now_ms.saturating_add(interval_ms(leitner_box)) }
    }

    pub fn is_due(&self, now_ms: u64) -> bool {
        self.due_ms <= now_ms
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn right_answers_climb_the_boxes_and_wait_longer() {
        let mut card = Card::first(true, 0);
        assert_eq!((card.leitner_box, card.due_ms), (2, 2 * DAY_MS));
        let mut now = card.due_ms;
        for (expected_box, days) in [(3, 4), (4, 8), (5, 16), (5, 16)] {
            card = card.answered(true, now);
            assert_eq!(card.leitner_box, expected_box);
            assert_eq!(card.due_ms, now + days * DAY_MS);
            now = card.due_ms;
        }
    }

    #[test]
    fn a_wrong_answer_sends_the_card_back_to_box_one() {
        let card = Card::first(true, 0).answered(true, 10).answered(false, 20);
        assert_eq!(card.leitner_box, 1);
        assert_eq!(card.due_ms, 20 + DAY_MS);
        assert!(!card.is_due(20 + DAY_MS - 1));
        assert!(card.is_due(20 + DAY_MS));
        assert_eq!(Card::first(false, 5).leitner_box, 1);
    }
}
