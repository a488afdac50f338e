<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../layout.xsl"/>
  <!--
    The signed-in person's account: content/account (name email role),
    content/kinds/kind (name label delivery default), content/sessions/
    session (current ip agent created_at last_seen) and content/form.
  -->
  <xsl:template match="content" mode="page">
    <section class="narrow">
      <h1>Your account</h1>
      <p class="hint"><xsl:value-of select="account/@email"/></p>
      <xsl:if test="account/@role = 'staff'">
        <p><a href="{$base}/account/card">Your team card</a>: the photo, role, phone and office hours clients see.</p>
      </xsl:if>

      <h2 id="name">Your name</h2>
      <form method="post" action="{$base}/account/name" class="stack">
        <xsl:call-template name="csrf"/>
        <xsl:call-template name="field">
          <xsl:with-param name="name">name</xsl:with-param>
          <xsl:with-param name="label">Name</xsl:with-param>
          <xsl:with-param name="value" select="account/@name"/>
          <xsl:with-param name="required" select="true()"/>
          <xsl:with-param name="autocomplete">name</xsl:with-param>
        </xsl:call-template>
        <p><button type="submit">Save the name</button></p>
      </form>

      <h2 id="password">Password</h2>
      <form method="post" action="{$base}/account/password" class="stack">
        <xsl:call-template name="csrf"/>
        <xsl:call-template name="field">
          <xsl:with-param name="name">current</xsl:with-param>
          <xsl:with-param name="label">Current password</xsl:with-param>
          <xsl:with-param name="type">password</xsl:with-param>
          <xsl:with-param name="required" select="true()"/>
          <xsl:with-param name="autocomplete">current-password</xsl:with-param>
        </xsl:call-template>
        <xsl:call-template name="field">
          <xsl:with-param name="name">password</xsl:with-param>
          <xsl:with-param name="label">New password</xsl:with-param>
          <xsl:with-param name="type">password</xsl:with-param>
          <xsl:with-param name="hint">At least 12 characters. Every other session ends and every password link stops working.</xsl:with-param>
          <xsl:with-param name="required" select="true()"/>
          <xsl:with-param name="autocomplete">new-password</xsl:with-param>
        </xsl:call-template>
        <xsl:call-template name="field">
          <xsl:with-param name="name">password2</xsl:with-param>
          <xsl:with-param name="label">New password again</xsl:with-param>
          <xsl:with-param name="type">password</xsl:with-param>
          <xsl:with-param name="required" select="true()"/>
          <xsl:with-param name="autocomplete">new-password</xsl:with-param>
        </xsl:call-template>
        <p><button type="submit">Change the password</button></p>
      </form>

      <h2 id="notifications">Notifications</h2>
      <xsl:choose>
        <xsl:when test="kinds/kind">
          <form method="post" action="{$base}/account/notifications" class="stack">
            <xsl:call-template name="csrf"/>
            <p class="hint">Everything also shows under Notifications in the header.</p>
            <xsl:for-each select="kinds/kind">
              <xsl:variable name="f" select="concat('n-', @name)"/>
              <xsl:variable name="err" select="/atrium/content/form/field[@name = $f]/@error"/>
              <fieldset>
                <xsl:attribute name="class">field<xsl:if test="$err"> has-error</xsl:if></xsl:attribute>
                <legend><xsl:value-of select="@label"/></legend>
                <xsl:call-template name="delivery-choice">
                  <xsl:with-param name="field" select="$f"/>
                  <xsl:with-param name="value">now</xsl:with-param>
                  <xsl:with-param name="label">Mail me at once</xsl:with-param>
                </xsl:call-template>
                <xsl:call-template name="delivery-choice">
                  <xsl:with-param name="field" select="$f"/>
                  <xsl:with-param name="value">digest</xsl:with-param>
                  <xsl:with-param name="label">In the daily digest</xsl:with-param>
                </xsl:call-template>
                <xsl:call-template name="delivery-choice">
                  <xsl:with-param name="field" select="$f"/>
                  <xsl:with-param name="value">none</xsl:with-param>
                  <xsl:with-param name="label">No mail</xsl:with-param>
                </xsl:call-template>
                <xsl:if test="$err"><p class="error"><xsl:value-of select="$err"/></p></xsl:if>
              </fieldset>
            </xsl:for-each>
            <p><button type="submit">Save the choices</button></p>
          </form>
        </xsl:when>
        <xsl:otherwise><p class="empty">Nothing sends notifications yet.</p></xsl:otherwise>
      </xsl:choose>

      <h2 id="sessions">Where you are signed in</h2>
      <table class="list">
        <thead><tr><th scope="col">Device</th><th scope="col">Address</th><th scope="col">Signed in</th><th scope="col">Last seen</th></tr></thead>
        <tbody>
          <xsl:for-each select="sessions/session">
            <tr>
              <td>
                <xsl:choose>
                  <xsl:when test="@agent != ''"><xsl:value-of select="@agent"/></xsl:when>
                  <xsl:otherwise>Unknown device</xsl:otherwise>
                </xsl:choose>
                <xsl:if test="@current = '1'"> <strong class="badge">This device</strong></xsl:if>
              </td>
              <td><xsl:value-of select="@ip"/></td>
              <td><xsl:value-of select="@created_at"/></td>
              <td><xsl:value-of select="@last_seen"/></td>
            </tr>
          </xsl:for-each>
        </tbody>
      </table>
      <form method="post" action="{$base}/account/sessions/end" class="inline">
        <xsl:call-template name="csrf"/>
        <button type="submit">Sign out everywhere else</button>
      </form>
    </section>
  </xsl:template>

  <!-- One radio button of a kind's delivery. -->
  <xsl:template name="delivery-choice">
    <xsl:param name="field"/>
    <xsl:param name="value"/>
    <xsl:param name="label"/>
    <label class="choice">
      <input type="radio" name="{$field}" value="{$value}">
        <xsl:if test="@delivery = $value">
          <xsl:attribute name="checked">checked</xsl:attribute>
        </xsl:if>
      </input>
      <xsl:text> </xsl:text>
      <xsl:value-of select="$label"/>
      <xsl:if test="@default = $value"> (default)</xsl:if>
    </label>
  </xsl:template>
</xsl:stylesheet>
