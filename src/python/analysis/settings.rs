//! Settings the catalogue knows: assignments (`c.ServerApp.ip = ...`, a gunicorn config's
//! `bind`) and dict keys (`{"bind": ...}`).

use ruff_python_ast::{self as ast, Expr};
use ruff_text_size::{Ranged, TextRange};

use super::calls::endpoint_port;
use super::{Analyzer, Phase};
use crate::python::values::{Value, ValueSet, is_unresolved};
use crate::rules::Rule;
use crate::rules::sinks::{AddressShape, FalsyHost, SETTINGS, SettingSink, SettingTarget};

impl<'a> Analyzer<'a> {
    /// Checks an assignment against the settings of the catalogue (`c.ServerApp.ip = "*"`,
    /// `bind = "0.0.0.0:8000"` in a gunicorn config, `config.bind = [...]`).
    pub(super) fn check_setting_assignment(
        &mut self,
        target: &Expr,
        value: &Expr,
        values: &ValueSet,
    ) {
        if self.phase != Phase::Detect {
            return;
        }
        let at_module_level = self.scopes.len() == 1;
        for setting in SETTINGS {
            let applies = match (setting.target, target) {
                (SettingTarget::ModuleVariable { name, file_names }, Expr::Name(target)) => {
                    at_module_level
                        && target.id.as_str() == name
                        && file_names.contains(&self.file_name)
                }
                (
                    SettingTarget::ConfigurableAttribute {
                        class_suffix,
                        attribute,
                    },
                    Expr::Attribute(target),
                ) => {
                    target.attr.as_str() == attribute
                        && matches!(&*target.value, Expr::Attribute(class)
                            if class.attr.as_str().ends_with(class_suffix))
                }
                (SettingTarget::ObjectAttribute { owner, attribute }, Expr::Attribute(target)) => {
                    target.attr.as_str() == attribute
                        && self.eval(&target.value).iter().any(|value| match value {
                            Value::Symbol(symbol) => symbol == owner,
                            Value::Instance { class, .. } => class == owner,
                            _ => false,
                        })
                }
                _ => false,
            };
            if applies {
                let statement = self.statement;
                self.check_setting(setting, values, statement, value.range());
                return;
            }
        }
    }

    /// Checks a dict literal's keys against the settings (`{"bind": "0.0.0.0:8000"}`).
    pub(super) fn check_setting_keys(&mut self, dict: &ast::ExprDict) {
        for item in &dict.items {
            let Some(Expr::StringLiteral(key)) = &item.key else {
                continue;
            };
            let key_text = key.value.to_str();
            if self.is_unread_setting_key(dict, key_text) {
                continue;
            }
            if let Some(setting) = SETTINGS
                .iter()
                .find(|setting| matches!(setting.target, SettingTarget::DictKey(known) if known == key_text))
            {
                let values = self.eval(&item.value);
                self.check_setting(
                    setting,
                    &values,
                    TextRange::new(key.start(), item.value.end()),
                    item.value.range(),
                );
            }
        }
    }

    pub(super) fn check_setting(
        &mut self,
        setting: &SettingSink,
        values: &ValueSet,
        range: TextRange,
        underline: TextRange,
    ) {
        // Names imported from other modules are looked up now that they are an address.
        let values = &self.resolve_deep(values.clone(), 0);
        // A `"bind"` key is a listening address only when its value looks like one (docker-py's
        // volume dicts have `"bind": "/container/path"`).
        if matches!(setting.target, SettingTarget::DictKey(_))
            && setting.shape == AddressShape::Endpoint
            && !values.iter().any(|value| match value {
                Value::Str { text, .. } => {
                    endpoint_port(text).is_some() || text.chars().any(is_unresolved)
                }
                Value::Tuple(items) => items.iter().any(|item| {
                    item.iter().any(|value| {
                        matches!(value, Value::Str { text, .. } if endpoint_port(text).is_some())
                    })
                }),
                _ => false,
            })
        {
            return;
        }
        self.report(
            Rule::AnyListener,
            setting.display,
            range,
            None,
            None,
            format!("{} sets a listening address (audit)", setting.display),
        );
        if let Some(verdict) = self.host_verdict(values, setting.shape, FalsyHost::AsWritten) {
            self.report_verdict(
                verdict,
                Rule::ServerAllInterfaces,
                setting.display,
                setting.display,
                range,
                underline,
            );
        }
    }
}
