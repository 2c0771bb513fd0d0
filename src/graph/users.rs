//! AAD user lookups: by mail (falling back to `userPrincipalName`, since `mail` may be null)
//! and by id. Plain lookups: the 24 h cache lives in `store/users.rs`.
//!
//! Values go inside an OData string literal, so a quote is doubled (`O''Brien`), and the whole
//! `$filter` is percent-encoded (an `@`, a `+` or a space must not reach the server raw).

use super::types::{GraphUser, Page};
use super::{GraphClient, GraphError, RequestKind, encode_component};

const USER_SELECT: &str = "id,mail,userPrincipalName,displayName";

/// `mail eq 'o''brien@x.com'`: an OData equality filter with the quote doubled.
pub fn odata_eq(property: &str, value: &str) -> String {
    format!("{property} eq '{}'", value.replace('\'', "''"))
}

impl GraphClient {
    async fn users_where(&self, property: &str, value: &str) -> Result<Vec<GraphUser>, GraphError> {
        let url = self.v1(&format!(
            "/users?$filter={}&$select={USER_SELECT}",
            encode_component(&odata_eq(property, value))
        ));
        let page: Page<GraphUser> = self.get_json(url, RequestKind::User).await?;
        Ok(page.value)
    }

    /// The user whose `mail` is `email` (case-insensitive); when none matches (or the user has
    /// no mail), the one whose `userPrincipalName` is. `None` when neither matches.
    pub async fn user_by_mail(&self, email: &str) -> Result<Option<GraphUser>, GraphError> {
        if let Some(user) = self.users_where("mail", email).await?.into_iter().next() {
            return Ok(Some(user));
        }
        Ok(self
            .users_where("userPrincipalName", email)
            .await?
            .into_iter()
            .next())
    }

    /// `GET /users/{id}`; `None` when the user does not exist.
    pub async fn user_by_id(&self, id: &str) -> Result<Option<GraphUser>, GraphError> {
        let url = self.v1(&format!(
            "/users/{}?$select={USER_SELECT}",
            encode_component(id)
        ));
        match self.get_json(url, RequestKind::User).await {
            Ok(user) => Ok(Some(user)),
            Err(GraphError::NotFound { .. }) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_are_doubled_then_encoded() {
        let filter = odata_eq("mail", "o'brien@x.com");
        assert_eq!(filter, "mail eq 'o''brien@x.com'");
        assert_eq!(
            encode_component(&filter),
            "mail%20eq%20%27o%27%27brien%40x.com%27"
        );
    }
}
