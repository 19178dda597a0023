//! How a form is declared once: `record!` turns a list of fields (key, kind, and for a field
//! the page shows, its label, hint and input) into the typed struct, its shape, its reader and
//! the field metadata the app lays out; `form!` adds the form's shape static, its
//! [`FormType`] marker, `read`/`read_some` and its sections. What they expand to reads with
//! this module's [`Val`] and `O` (`forms.rs` re-exports them), so it imports nothing back.
//!
//! A field's kind names its Rust type, its JSON shape, its reader and its default input:
//! `Name`, `Text` (short and long text), `Int`, `Bool`, `Date`, `Choice(Enum)` (a
//! `choice_enum!` type), `Uscc`, `ResidentId` (parsed into [`crate::ids`]'s types, refused
//! with the reason), `Names`, `Texts` (lists of text), `Obj(Record)`, `List(Record, noun)`,
//! `Rows(Record)` (a list laid out as a table: no default input).
//!
//! The metadata (labels, hints, inputs, sections) is emitted as statics of its own, apart from
//! the shapes, and only outside the widget's build (`cfg(widget)`): the widget carries none of
//! it, and a bundle that never names a form's sections lets the linker drop its labels.
//!
//! Why a `macro_rules!` rather than a build step from a data file: the declaration stays Rust,
//! so rules read plain struct fields that the compiler and rust-analyzer resolve, a wrong kind
//! or record fails the build where it is written, and nothing generated has to be read to
//! know what a form is.

use alloc::vec::Vec;
use core::convert::Infallible;

use crate::date::Date;
use crate::json::Value;

/// A field as read from the document: present and of its type (`Ok`), absent, `null` or blank
/// (`Missing`), of the wrong JSON type, outside its enumeration or not a date (`Invalid`), or an
/// identifier its parser refused (`Refused`, with why).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Val<T, E = Infallible> {
    Missing,
    WrongType,
    Invalid,
    /// Text an identifier's parser refused, and why (`Uscc`, `ResidentId`).
    Refused(E),
    Ok(T),
}

impl<T, E> Val<T, E> {
    pub fn ok(&self) -> Option<&T> {
        match self {
            Val::Ok(v) => Some(v),
            _ => None,
        }
    }
    pub fn is_missing(&self) -> bool {
        matches!(self, Val::Missing)
    }
    pub fn is_present(&self) -> bool {
        !self.is_missing()
    }
}

impl<T: Clone, E> Val<T, E> {
    pub fn get(&self) -> Option<T> {
        self.ok().cloned()
    }
}

/// A read-only view of one object of the document (or of its absence).
#[derive(Clone, Copy)]
pub(crate) enum O<'a> {
    Missing,
    WrongType,
    Ok(&'a Value),
    /// An object of which only some keys are read: the others read as absent.
    Partial(&'a Value, &'a dyn Fn(&str) -> bool),
}

impl<'a> O<'a> {
    pub(crate) fn root(v: &'a Value) -> O<'a> {
        O::of(Some(v))
    }

    /// This object, of which only the keys `want` names are read (partial reads).
    pub(crate) fn only(self, want: &'a dyn Fn(&str) -> bool) -> O<'a> {
        match self {
            O::Ok(v) => O::Partial(v, want),
            other => other,
        }
    }

    fn of(v: Option<&'a Value>) -> O<'a> {
        match v {
            None | Some(Value::Null) => O::Missing,
            Some(v @ Value::Object(_)) => O::Ok(v),
            Some(_) => O::WrongType,
        }
    }

    fn raw(self, key: &str) -> Result<Option<&'a Value>, ()> {
        match self {
            O::Missing => Ok(None),
            O::WrongType => Err(()),
            O::Ok(v) => Ok(v.get(key)),
            O::Partial(v, want) => Ok(if want(key) { v.get(key) } else { None }),
        }
    }

    pub(crate) fn obj(self, key: &str) -> O<'a> {
        match self.raw(key) {
            Ok(v) => O::of(v),
            Err(()) => O::WrongType,
        }
    }

    pub(crate) fn text(self, key: &str) -> Val<&'a str> {
        text_of(self.raw(key))
    }

    pub(crate) fn int(self, key: &str) -> Val<i64> {
        match self.raw(key) {
            Ok(Some(Value::Int(n))) => Val::Ok(*n),
            other => absent_or_wrong(other),
        }
    }

    pub(crate) fn boolean(self, key: &str) -> Val<bool> {
        match self.raw(key) {
            Ok(Some(Value::Bool(b))) => Val::Ok(*b),
            other => absent_or_wrong(other),
        }
    }

    pub(crate) fn date(self, key: &str) -> Val<Date> {
        match self.text(key) {
            Val::Ok(s) => Date::parse(s).map_or(Val::Invalid, Val::Ok),
            Val::Missing => Val::Missing,
            _ => Val::WrongType,
        }
    }

    pub(crate) fn choice<T>(self, key: &str, parse: fn(&str) -> Option<T>) -> Val<T> {
        match self.text(key) {
            Val::Ok(s) => parse(s).map_or(Val::Invalid, Val::Ok),
            Val::Missing => Val::Missing,
            _ => Val::WrongType,
        }
    }

    /// Present text parsed into its type: refused with the parser's reason.
    pub(crate) fn parsed<T, E>(self, key: &str, parse: fn(&'a str) -> Result<T, E>) -> Val<T, E> {
        match self.text(key) {
            Val::Ok(s) => parse(s).map_or_else(Val::Refused, Val::Ok),
            Val::Missing => Val::Missing,
            _ => Val::WrongType,
        }
    }

    pub(crate) fn list<T>(self, key: &str, item: impl Fn(O<'a>) -> T) -> Val<Vec<T>> {
        self.items(key, |v| item(O::of(Some(v))))
    }

    pub(crate) fn texts(self, key: &str) -> Val<Vec<Val<&'a str>>> {
        self.items(key, |v| text_of(Ok(Some(v))))
    }

    fn items<T>(self, key: &str, item: impl Fn(&'a Value) -> T) -> Val<Vec<T>> {
        match self.raw(key) {
            Ok(Some(Value::Array(items))) => Val::Ok(items.iter().map(item).collect()),
            other => absent_or_wrong(other),
        }
    }
}

/// What a key read as anything but the value sought is: missing when absent or `null`, else of
/// the wrong type.
fn absent_or_wrong<T>(raw: Result<Option<&Value>, ()>) -> Val<T> {
    match raw {
        Ok(None | Some(Value::Null)) => Val::Missing,
        _ => Val::WrongType,
    }
}

fn text_of(v: Result<Option<&Value>, ()>) -> Val<&str> {
    match v {
        Err(()) => Val::WrongType,
        Ok(None | Some(Value::Null)) => Val::Missing,
        // Text holding U+0000 is the shape walk's `input.type` (reason `nul`).
        Ok(Some(Value::Str(s))) if s.bytes().any(|b| b == 0) => Val::WrongType,
        Ok(Some(Value::Str(s))) => {
            let t = crate::util::trim(s);
            if t.is_empty() { Val::Missing } else { Val::Ok(t) }
        }
        Ok(Some(_)) => Val::WrongType,
    }
}

/// A form type family: `Form<'a>` borrows from the document it was read from.
pub trait FormType: 'static {
    type Form<'a>;
    /// Reads the form, only the top-level fields `want` names (the rest as missing).
    fn read_some<'a>(doc: &'a crate::json::Value, want: &'a dyn Fn(&str) -> bool) -> Self::Form<'a>;
}

/// One field kind's type (`ty`), shape (`shape`), reader (`read`) and default input (`input`).
macro_rules! kind {
    (ty $lt:lifetime, Name) => { $crate::declare::Val<&$lt str> };
    (ty $lt:lifetime, Text) => { $crate::declare::Val<&$lt str> };
    (ty $lt:lifetime, Int) => { $crate::declare::Val<i64> };
    (ty $lt:lifetime, Bool) => { $crate::declare::Val<bool> };
    (ty $lt:lifetime, Date) => { $crate::declare::Val<$crate::date::Date> };
    (ty $lt:lifetime, Choice($e:ident)) => { $crate::declare::Val<$e> };
    (ty $lt:lifetime, Uscc) => { $crate::declare::Val<$crate::ids::Uscc, $crate::ids::IdError> };
    (ty $lt:lifetime, ResidentId) => { $crate::declare::Val<$crate::ids::ResidentId<$lt>, $crate::ids::IdError> };
    (ty $lt:lifetime, Names) => { $crate::declare::Val<alloc::vec::Vec<$crate::declare::Val<&$lt str>>> };
    (ty $lt:lifetime, Texts) => { $crate::declare::Val<alloc::vec::Vec<$crate::declare::Val<&$lt str>>> };
    (ty $lt:lifetime, Obj($s:ident $(<$l:lifetime>)?)) => { $s $(<$l>)? };
    (ty $lt:lifetime, List($s:ident $(<$l:lifetime>)?, $noun:expr)) => { $crate::declare::Val<alloc::vec::Vec<$s $(<$l>)?>> };
    (ty $lt:lifetime, Rows($s:ident $(<$l:lifetime>)?)) => { $crate::declare::Val<alloc::vec::Vec<$s $(<$l>)?>> };

    (shape Name) => { $crate::shape::NAME };
    (shape Text) => { $crate::shape::TEXT };
    (shape Int) => { $crate::shape::INT };
    (shape Bool) => { $crate::shape::BOOL };
    (shape Date) => { $crate::shape::DATE };
    (shape Choice($e:ident)) => { $crate::shape::Shape::Leaf($crate::shape::Ty::Enum($e::CODES)) };
    (shape Uscc) => { $crate::shape::NAME };
    (shape ResidentId) => { $crate::shape::NAME };
    (shape Names) => { $crate::shape::Shape::List(&$crate::shape::NAME) };
    (shape Texts) => { $crate::shape::Shape::List(&$crate::shape::TEXT) };
    (shape Obj($s:ident $(<$l:lifetime>)?)) => { $crate::shape::Shape::Obj($s::SHAPE) };
    (shape List($s:ident $(<$l:lifetime>)?, $noun:expr)) => { $crate::shape::Shape::List(&$crate::shape::Shape::Obj($s::SHAPE)) };
    (shape Rows($s:ident $(<$l:lifetime>)?)) => { $crate::shape::Shape::List(&$crate::shape::Shape::Obj($s::SHAPE)) };

    (read $o:ident, $k:expr, Name) => { $o.text($k) };
    (read $o:ident, $k:expr, Text) => { $o.text($k) };
    (read $o:ident, $k:expr, Int) => { $o.int($k) };
    (read $o:ident, $k:expr, Bool) => { $o.boolean($k) };
    (read $o:ident, $k:expr, Date) => { $o.date($k) };
    (read $o:ident, $k:expr, Choice($e:ident)) => { $o.choice($k, $e::parse) };
    (read $o:ident, $k:expr, Uscc) => { $o.parsed($k, |s| $crate::ids::Uscc::parse(s)) };
    (read $o:ident, $k:expr, ResidentId) => { $o.parsed($k, $crate::ids::ResidentId::read) };
    (read $o:ident, $k:expr, Names) => { $o.texts($k) };
    (read $o:ident, $k:expr, Texts) => { $o.texts($k) };
    (read $o:ident, $k:expr, Obj($s:ident $(<$l:lifetime>)?)) => { $s::read_in($o.obj($k)) };
    (read $o:ident, $k:expr, List($s:ident $(<$l:lifetime>)?, $noun:expr)) => { $o.list($k, $s::read_in) };
    (read $o:ident, $k:expr, Rows($s:ident $(<$l:lifetime>)?)) => { $o.list($k, $s::read_in) };

    (input Name) => { $crate::declare::Input::Text };
    (input Text) => { $crate::declare::Input::Long };
    (input Int) => { $crate::declare::Input::Int };
    (input Bool) => { $crate::declare::Input::YesNo };
    (input Date) => { $crate::declare::Input::Date };
    (input Choice($e:ident)) => { $crate::declare::Input::Choice($e::LABELS) };
    (input Uscc) => { $crate::declare::Input::Text };
    (input ResidentId) => { $crate::declare::Input::Text };
    (input Names) => { $crate::declare::Input::Texts };
    (input Texts) => { $crate::declare::Input::Texts };
    (input Obj($s:ident $(<$l:lifetime>)?)) => { $crate::declare::Input::Group($s::FIELD_DEFS) };
    (input List($s:ident $(<$l:lifetime>)?, $noun:expr)) => { $crate::declare::Input::Items($s::FIELD_DEFS, $noun) };
}
pub(crate) use kind;

/// A field's place on the page: `None` for a field the page does not show, else its section
/// (`""` for a field of a record, outside every section) and metadata.
#[cfg(not(widget))]
macro_rules! field_def {
    ($key:ident; $kind:ident $(($($arg:tt)*))?;) => { None };
    ($key:ident; $kind:ident $(($($arg:tt)*))?; [$label:expr $(; $hint:expr)?] $(as $input:ident $({$($iarg:tt)*})?)? $(in $section:ident)?) => {
        Some((
            $crate::declare::field_def!(@section $($section)?),
            $crate::declare::FieldDef {
                key: stringify!($key),
                label: $label,
                hint: $crate::declare::field_def!(@hint $($hint)?),
                input: $crate::declare::field_def!(@input [$kind $(($($arg)*))?] $($input $({$($iarg)*})?)?),
            },
        ))
    };
    (@section) => { "" };
    (@section $section:ident) => { stringify!($section) };
    (@hint) => { None };
    (@hint $hint:expr) => { Some($hint) };
    (@input [$($kind:tt)*]) => { $crate::declare::kind!(input $($kind)*) };
    (@input [$($kind:tt)*] $input:ident $({$($iarg:tt)*})?) => { $crate::declare::Input::$input $({$($iarg)*})? };
}
#[cfg(not(widget))]
pub(crate) use field_def;

/// Declares a record of a form (an object of the document): its struct, `SHAPE`, `read_in` and
/// (outside the widget's build) `FIELD_DEFS`. Each field is `key: Kind`, then for a field the
/// page shows `[label; hint]` (`L`s, the hint optional), `as Input` to override the kind's
/// default input, and in a form `in section`. A field without a label (a justification note)
/// is read and shaped but not laid out. `@derived { key: Type = |o| … }` adds fields computed
/// from the object rather than read from one key.
macro_rules! record {
    ($(#[$m:meta])* $name:ident<$lt:lifetime> { $($body:tt)* }) => {
        $crate::declare::record!(@impl [$(#[$m])*] $name [<$lt>] [$lt] { $($body)* });
    };
    ($(#[$m:meta])* $name:ident { $($body:tt)* }) => {
        $crate::declare::record!(@impl [$(#[$m])*] $name [] ['_] { $($body)* });
    };
    (@impl [$($attr:tt)*] $name:ident [$($gen:tt)*] [$lt:lifetime] {
        $(
            $(#[$fm:meta])*
            $key:ident: $kind:ident $(($($arg:tt)*))?
            $([$($meta:tt)*] $(as $input:ident $({$($iarg:tt)*})?)? $(in $section:ident)?)?
        ),* $(,)?
        $(@derived { $($(#[$dm:meta])* $dkey:ident: $dty:ty = $dread:expr),* $(,)? })?
    }) => {
        $($attr)*
        #[derive(Clone, Debug, PartialEq)]
        pub struct $name $($gen)* {
            $($(#[$fm])* pub $key: $crate::declare::kind!(ty $lt, $kind $(($($arg)*))?),)*
            $($($(#[$dm])* pub $dkey: $dty,)*)?
        }

        impl $($gen)* $name $($gen)* {
            /// The fields in the form's order (FORMS.md).
            pub const SHAPE: &'static [$crate::shape::Field] =
                &[$($crate::shape::f(stringify!($key), $crate::declare::kind!(shape $kind $(($($arg)*))?))),*];

            /// Each field's place on the page ([`field_def!`]).
            #[cfg(not(widget))]
            pub(crate) const PLACES: &'static [Option<(&'static str, $crate::declare::FieldDef)>] = &[$(
                $crate::declare::field_def!($key; $kind $(($($arg)*))?; $([$($meta)*] $(as $input $({$($iarg)*})?)? $(in $section)?)?),
            )*];

            /// The fields the page shows, in the form's order.
            #[cfg(not(widget))]
            pub const FIELD_DEFS: &'static [$crate::declare::FieldDef] =
                &$crate::declare::pick::<{ $crate::declare::count($name::PLACES, None) }>($name::PLACES, None);

            pub(crate) fn read_in(o: $crate::declare::O<$lt>) -> Self {
                $name {
                    $($key: $crate::declare::kind!(read o, stringify!($key), $kind $(($($arg)*))?),)*
                    $($($dkey: ($dread)(o),)*)?
                }
            }
        }
    };
}
pub(crate) use record;

/// Declares a form: its top-level [`record!`], then `shape` (the form's shape static),
/// `marker` (its [`FormType`]), `read`/`read_some`, and `sections`
/// (`id: title`, in the page's order; outside the widget's build) as a static of
/// [`Section`]s, each the fields placed `in` it, in the form's order.
macro_rules! form {
    (
        $(#[$m:meta])*
        $name:ident<$lt:lifetime> as $marker:ident, shape $shape:ident, sections $sections:ident {
            $($sid:ident: $stitle:expr),* $(,)?
        }
        { $($body:tt)* }
    ) => {
        $crate::declare::record!($(#[$m])* $name<$lt> { $($body)* });

        pub static $shape: $crate::shape::Shape = $crate::shape::Shape::Obj($name::SHAPE);

        /// The page's sections of this form.
        #[cfg(not(widget))]
        pub static $sections: &[$crate::declare::Section] = &[$(
            $crate::declare::Section {
                id: stringify!($sid),
                title: $stitle,
                fields: &$crate::declare::pick::<{ $crate::declare::count($name::PLACES, Some(stringify!($sid))) }>(
                    $name::PLACES,
                    Some(stringify!($sid)),
                ),
            }
        ),*];

        impl<$lt> $name<$lt> {
            pub fn read(doc: &$lt $crate::json::Value) -> Self {
                Self::read_some(doc, &|_| true)
            }

            /// Reads only the top-level fields `want` names; the others read as missing (a
            /// field re-check runs only rules that read none of them).
            pub fn read_some(doc: &$lt $crate::json::Value, want: &$lt dyn Fn(&str) -> bool) -> Self {
                Self::read_in($crate::declare::O::root(doc).only(want))
            }
        }

        /// The type-family marker of this form for the rule registries.
        pub struct $marker;
        impl $crate::declare::FormType for $marker {
            type Form<'d> = $name<'d>;
            fn read_some<'d>(doc: &'d $crate::json::Value, want: &'d dyn Fn(&str) -> bool) -> $name<'d> {
                $name::read_some(doc, want)
            }
        }
    };
}
pub(crate) use form;

/// A text in both languages.
#[cfg(not(widget))]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct L {
    pub zh: &'static str,
    pub en: &'static str,
}

#[cfg(not(widget))]
pub const fn l(zh: &'static str, en: &'static str) -> L {
    L { zh, en }
}

/// How the page asks for a field.
#[cfg(not(widget))]
#[derive(Clone, Copy, Debug)]
pub enum Input {
    Text,
    /// A certified base's id, searched in the public registry by any part of its name.
    Base,
    /// A multi-line statement.
    Long,
    /// A whole number (text box with numeric keyboard).
    Int,
    Date,
    /// 是 / 否, with nothing chosen at first.
    YesNo,
    /// A single confirmation checkbox (the declaration).
    Confirm,
    Choice(&'static [(&'static str, L)]),
    /// Several catalogue directions, picked by category.
    Directions,
    /// One catalogue direction.
    Direction,
    /// A list of short texts.
    Texts,
    /// A nested object.
    Group(&'static [FieldDef]),
    /// A list of objects; the label names one item.
    Items(&'static [FieldDef], L),
    /// A justification a context rule (server only) asks for at this very field: shown when
    /// an issue is there or it has text, otherwise out of the way.
    Note,
    /// Year-by-year figures as a table: a list of rows (`columns`, the first being the year)
    /// and, under it, the computed totals (the object `totals`, one member per figure).
    YearTable {
        columns: &'static [FieldDef],
        totals: &'static str,
    },
}

/// A field as the page shows it.
#[cfg(not(widget))]
#[derive(Clone, Copy, Debug)]
pub struct FieldDef {
    pub key: &'static str,
    pub label: L,
    pub hint: Option<L>,
    pub input: Input,
}

/// A section of a form's page: its top-level fields, in the form's order.
#[cfg(not(widget))]
#[derive(Debug)]
pub struct Section {
    pub id: &'static str,
    pub title: L,
    pub fields: &'static [FieldDef],
}

#[cfg(not(widget))]
const fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// How many fields of `places` the page shows in `section` (`None`: anywhere).
#[cfg(not(widget))]
pub const fn count(places: &[Option<(&str, FieldDef)>], section: Option<&str>) -> usize {
    let (mut i, mut n) = (0, 0);
    while i < places.len() {
        if is_in(&places[i], section) {
            n += 1;
        }
        i += 1;
    }
    n
}

#[cfg(not(widget))]
const fn is_in(place: &Option<(&str, FieldDef)>, section: Option<&str>) -> bool {
    match (place, section) {
        (None, _) => false,
        (Some(_), None) => true,
        (Some((at, _)), Some(section)) => same(at, section),
    }
}

/// The `N` fields of `places` the page shows in `section` (`None`: anywhere), in their order.
#[cfg(not(widget))]
pub const fn pick<const N: usize>(places: &[Option<(&str, FieldDef)>], section: Option<&str>) -> [FieldDef; N] {
    const NONE: FieldDef = FieldDef { key: "", label: l("", ""), hint: None, input: Input::Text };
    let mut out = [NONE; N];
    let (mut i, mut j) = (0, 0);
    while i < places.len() {
        if let Some((_, def)) = places[i]
            && is_in(&places[i], section)
        {
            out[j] = def;
            j += 1;
        }
        i += 1;
    }
    out
}
