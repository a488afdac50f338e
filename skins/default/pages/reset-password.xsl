<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../layout.xsl"/>
  <!-- The new-password form behind an e-mailed link. -->
  <xsl:template match="content" mode="page">
    <section class="narrow">
      <h1>Choose a new password</h1>
      <form method="post" action="{$base}/reset/{reset/@token}" class="stack">
        <xsl:call-template name="csrf"/>
        <xsl:call-template name="field">
          <xsl:with-param name="name">password</xsl:with-param>
          <xsl:with-param name="label">New password</xsl:with-param>
          <xsl:with-param name="type">password</xsl:with-param>
          <xsl:with-param name="hint">At least 12 characters. A few unrelated words make a strong one.</xsl:with-param>
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
        <p><button type="submit" class="primary">Set the password</button></p>
      </form>
    </section>
  </xsl:template>
</xsl:stylesheet>
