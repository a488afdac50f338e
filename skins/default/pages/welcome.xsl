<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../layout.xsl"/>
  <!-- The first password of an invited contact: content/reset/@token. -->
  <xsl:template match="content" mode="page">
    <section class="narrow">
      <h1>Welcome to <xsl:value-of select="/atrium/brand/@name"/></h1>
      <p>Choose a password to sign in to your client portal.</p>
      <form method="post" action="{$base}/welcome/{reset/@token}" class="stack">
        <xsl:call-template name="csrf"/>
        <xsl:call-template name="field">
          <xsl:with-param name="name">password</xsl:with-param>
          <xsl:with-param name="label">Password</xsl:with-param>
          <xsl:with-param name="type">password</xsl:with-param>
          <xsl:with-param name="hint">At least 12 characters. A few unrelated words make a strong one.</xsl:with-param>
          <xsl:with-param name="required" select="true()"/>
          <xsl:with-param name="autocomplete">new-password</xsl:with-param>
        </xsl:call-template>
        <xsl:call-template name="field">
          <xsl:with-param name="name">password2</xsl:with-param>
          <xsl:with-param name="label">Password again</xsl:with-param>
          <xsl:with-param name="type">password</xsl:with-param>
          <xsl:with-param name="required" select="true()"/>
          <xsl:with-param name="autocomplete">new-password</xsl:with-param>
        </xsl:call-template>
        <p><button type="submit" class="primary">Set my password</button></p>
      </form>
    </section>
  </xsl:template>
</xsl:stylesheet>
