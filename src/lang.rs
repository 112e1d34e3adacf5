//! The reader's language and text made in both of them.
//!
//! Planners read Indonesian, analysts English. Every text a reader sees is made in both languages
//! where it is made — from typed values, as a [`Bilingual`] — and rendered per [`Lang`] at the end;
//! nothing is written in one language and translated afterwards.
//!
//! ```
//! use indikator::lang::{Bilingual, Lang};
//! let t = Bilingual::new("tingkat kemiskinan", "poverty rate");
//! assert_eq!(t.get(Lang::Id), "tingkat kemiskinan");
//! assert_eq!(t.get(Lang::En), "poverty rate");
//! ```

use crate::error::{Error, Result};

/// Label language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Lang {
    /// Bahasa Indonesia.
    Id,
    /// English.
    En,
}

impl std::str::FromStr for Lang {
    type Err = Error;
    /// `id` (also `indonesia`, `indonesian`) or `en` (`english`).
    fn from_str(s: &str) -> Result<Lang> {
        match s.trim().to_lowercase().as_str() {
            "id" | "indonesia" | "indonesian" => Ok(Lang::Id),
            "en" | "english" => Ok(Lang::En),
            other => Err(Error::InvalidArgument {
                what: "language".into(),
                message: format!("{other:?}; expected id or en"),
            }),
        }
    }
}

impl Lang {
    /// Parse `id` / `en` (the same as [`str::parse`]).
    pub fn parse(s: &str) -> Result<Lang> {
        s.parse()
    }
    /// Pick the label for this language.
    pub fn t<'a>(self, id: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Id => id,
            Lang::En => en,
        }
    }
}

/// One text in both languages: Indonesian (`id`) and English (`en`).
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct Bilingual {
    /// Bahasa Indonesia.
    pub id: String,
    /// English.
    pub en: String,
}

impl Bilingual {
    /// The text in Indonesian and English.
    pub fn new(id: impl Into<String>, en: impl Into<String>) -> Bilingual {
        Bilingual {
            id: id.into(),
            en: en.into(),
        }
    }
    /// The same text in both languages (a name, a number).
    pub fn same(text: impl Into<String>) -> Bilingual {
        let text = text.into();
        Bilingual {
            id: text.clone(),
            en: text,
        }
    }
    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Id => &self.id,
            Lang::En => &self.en,
        }
    }
}
