//! The abstract values the analysis tracks for names, attributes and expressions.
//!
//! A name holds a [`ValueSet`]: every value it may have at that point (may-analysis across
//! branches). Only what matters for finding listeners is tracked: strings (hosts and endpoints)
//! with the place they were written, `None`, small integers, tuples, imported symbols, typed
//! objects (sockets, event loops, instances of classes of the file). Everything else is
//! [`Value::Unknown`], which never produces a finding.

use ruff_text_size::TextRange;

/// The socket family a socket object was created with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Family {
    /// `AF_INET` or `AF_INET6` (or the default, `AF_INET`).
    Ip,
    /// A known non-IP family: `AF_UNIX`, `AF_NETLINK`, `AF_PACKET`, `AF_CAN`, ...
    NotIp,
    /// Not known (a variable, e.g. the family `getaddrinfo` returned).
    Unknown,
}

/// One possible value of an expression.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// A string or bytes literal (or one built from literals) and where it was written.
    Str {
        /// The value.
        text: String,
        /// Where the literal is in the source.
        origin: TextRange,
    },
    /// `None`, and where it was written.
    None {
        /// Where the `None` is in the source.
        origin: TextRange,
    },
    /// An integer literal.
    Int(i64),
    /// A tuple, list or set literal, element by element.
    Tuple(Vec<ValueSet>),
    /// A sequence of unknown length whose elements may be these (e.g. `getaddrinfo` results).
    Sequence(Box<ValueSet>),
    /// An imported module, function, class or constant, by qualified name (`socket.AF_INET`).
    Symbol(String),
    /// An object of a known class (`socket.socket`, an event loop, or whatever an imported
    /// callable returns, named after it).
    Instance {
        /// Qualified class name, or the qualified callable that produced it.
        class: String,
        /// The socket family, for sockets.
        family: Family,
    },
    /// A class defined in this file.
    LocalClass {
        /// Index into the analysis' class table.
        id: usize,
        /// The catalogued base class it derives from, e.g. `socketserver.TCPServer`.
        sink_base: Option<String>,
    },
    /// An instance of a class defined in this file (`self` inside its methods).
    LocalInstance(usize),
    /// The wildcard address `getaddrinfo(None, port, ..., AI_PASSIVE)` produces; the origin is
    /// the `None` host.
    PassiveWildcard {
        /// Where the `None` host of the `getaddrinfo` call is.
        origin: TextRange,
    },
    /// Anything else.
    Unknown,
}

/// The most values one set keeps before it gives up precision (adding `Unknown`).
const MAX_VALUES: usize = 16;

/// Every value an expression may have.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ValueSet(Vec<Value>);

impl ValueSet {
    /// A set of one value.
    pub fn one(value: Value) -> ValueSet {
        ValueSet(vec![value])
    }

    /// The set holding only [`Value::Unknown`].
    pub fn unknown() -> ValueSet {
        ValueSet::one(Value::Unknown)
    }

    /// Adds the values of `other` that are not here yet.
    pub fn extend(&mut self, other: ValueSet) {
        for value in other.0 {
            self.insert(value);
        }
    }

    /// Adds one value, keeping the set small.
    pub fn insert(&mut self, value: Value) {
        if self.0.contains(&value) {
            return;
        }
        if self.0.len() >= MAX_VALUES {
            if !self.0.contains(&Value::Unknown) {
                self.0.push(Value::Unknown);
            }
            return;
        }
        self.0.push(value);
    }

    /// The union of two sets.
    pub fn union(mut self, other: ValueSet) -> ValueSet {
        self.extend(other);
        self
    }

    /// The values.
    pub fn iter(&self) -> impl Iterator<Item = &Value> {
        self.0.iter()
    }

    /// The element values of the sets' tuples and sequences: what a `for` loop variable or an
    /// unknown subscript may hold.
    pub fn elements(&self) -> ValueSet {
        let mut elements = ValueSet::default();
        for value in &self.0 {
            match value {
                Value::Tuple(items) => {
                    for item in items {
                        elements.extend(item.clone());
                    }
                }
                Value::Sequence(element) => elements.extend((**element).clone()),
                _ => elements.insert(Value::Unknown),
            }
        }
        if elements.0.is_empty() {
            elements.insert(Value::Unknown);
        }
        elements
    }

    /// The values `self[index]` may have.
    pub fn index(&self, index: i64) -> ValueSet {
        let mut result = ValueSet::default();
        for value in &self.0 {
            match value {
                Value::Tuple(items) => {
                    let position = if index < 0 {
                        i64::try_from(items.len()).ok().map(|length| length + index)
                    } else {
                        Some(index)
                    };
                    match position
                        .and_then(|position| usize::try_from(position).ok())
                        .and_then(|position| items.get(position))
                    {
                        Some(item) => result.extend(item.clone()),
                        None => result.insert(Value::Unknown),
                    }
                }
                Value::Sequence(element) => result.extend((**element).clone()),
                _ => result.insert(Value::Unknown),
            }
        }
        if result.0.is_empty() {
            result.insert(Value::Unknown);
        }
        result
    }

    /// The values of `self or other`: the truthy values of `self`, then `other` if `self` may be
    /// falsy.
    pub fn or_else(self, other: ValueSet) -> ValueSet {
        let mut result = ValueSet::default();
        let mut may_be_falsy = false;
        for value in self.0 {
            match truthiness(&value) {
                Some(true) => result.insert(value),
                Some(false) => may_be_falsy = true,
                None => {
                    may_be_falsy = true;
                    result.insert(value);
                }
            }
        }
        if may_be_falsy {
            result.extend(other);
        }
        result
    }
}

/// Whether a value is truthy, when that is known.
fn truthiness(value: &Value) -> Option<bool> {
    match value {
        Value::Str { text, .. } => Some(!text.is_empty()),
        Value::None { .. } => Some(false),
        Value::Int(number) => Some(*number != 0),
        Value::Tuple(items) => Some(!items.is_empty()),
        Value::Symbol(_)
        | Value::LocalClass { .. }
        | Value::Instance { .. }
        | Value::PassiveWildcard { .. } => Some(true),
        Value::Sequence(_) | Value::LocalInstance(_) | Value::Unknown => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ruff_text_size::TextSize;

    fn text(value: &str) -> Value {
        Value::Str {
            text: value.to_owned(),
            origin: TextRange::empty(TextSize::new(0)),
        }
    }

    #[test]
    fn or_keeps_fallback_when_left_may_be_falsy() {
        let left = ValueSet::unknown();
        let result = left.or_else(ValueSet::one(text("0.0.0.0")));
        assert!(result.iter().any(|value| *value == text("0.0.0.0")));
    }

    #[test]
    fn or_drops_fallback_when_left_is_truthy() {
        let left = ValueSet::one(text("127.0.0.1"));
        let result = left.or_else(ValueSet::one(text("0.0.0.0")));
        assert_eq!(result, ValueSet::one(text("127.0.0.1")));
    }

    #[test]
    fn sets_stay_small() {
        let mut set = ValueSet::default();
        for number in 0..100 {
            set.insert(Value::Int(number));
        }
        assert!(set.iter().count() <= MAX_VALUES + 1);
        assert!(set.iter().any(|value| *value == Value::Unknown));
    }

    #[test]
    fn negative_index_counts_from_the_end() {
        let tuple = ValueSet::one(Value::Tuple(vec![
            ValueSet::one(Value::Int(1)),
            ValueSet::one(Value::Int(2)),
        ]));
        assert_eq!(tuple.index(-1), ValueSet::one(Value::Int(2)));
        assert_eq!(tuple.index(5), ValueSet::unknown());
    }
}
